// IR (+ weights) → ONNX model bytes.
export { EXPORTER_VERSION, exportOnnx, INPUT_NAME, ONNX_IR_VERSION, ONNX_OPSET, OnnxExportError, OUTPUT_NAME, type ExportOptions } from './exportOnnx';
