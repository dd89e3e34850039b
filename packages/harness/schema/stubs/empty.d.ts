// Empty stand-in for heavy third-party declarations (TensorFlow.js, tokenizers, parquet) while
// generating the JSON Schemas: no schema type uses them, and parsing them costs seconds.
export {};
