// IR (+ weights) → ONNX model bytes.
export { EXPORTER_VERSION, exportOnnx, INPUT_NAME, ONNX_IR_VERSION, ONNX_OPSET, OnnxExportError, OUTPUT_NAME, type ExportOptions } from './exportOnnx';
export { decodeOnnx, encodeOnnx, type DecodedOnnx, type EncodeOptions, type OnnxGraph } from './onnxGraph';
export { foldBatchNorm, quantizationPoints, quantizeOnnx, QuantizationError, uint8Params, type ActivationRange } from './quantize';
