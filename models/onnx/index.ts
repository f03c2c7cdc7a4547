// IR (+ weights) → ONNX model bytes.
export { CAM_METADATA_KEY, EXPORTER_VERSION, FEATURES_NAME, type CamMetadata, exportOnnx, INPUT_NAME, ONNX_IR_VERSION, ONNX_OPSET, OnnxExportError, OUTPUT_NAME, type ExportOptions } from './exportOnnx';
