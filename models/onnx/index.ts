// IR (+ weights) → ONNX model bytes; the int8 quantizer of those models.
export { CAM_METADATA_KEY, EXPORTER_VERSION, FEATURES_NAME, type CamMetadata, exportOnnx, INPUT_NAME, ONNX_IR_VERSION, ONNX_OPSET, OnnxExportError, OUTPUT_NAME, type ExportOptions } from './exportOnnx';
export { decodeOnnx, encodeOnnx, type DecodedOnnx, type EncodeOptions, type OnnxGraph } from './onnxGraph';
export { addToHistogram, emptyHistogram, expectedUint8Error, CALIBRATION_HISTOGRAM_BINS, minimumErrorRange, type ActivationHistogram } from './activationRange';
export { foldBatchNorm, quantizationPoints, quantizeOnnx, QuantizationError, uint8Params, type ActivationRange, type WeightFormat } from './quantize';
