// Silence the "Hi, looks like you are running TensorFlow.js in Node.js" banner in tests.
// (PROD rather than IS_TEST: IS_TEST turns on tfjs's per-kernel data-id check, which reports
// false leaks for composite kernels such as logSoftmax under a gradient tape on wasm; our own
// leak tests count live tensors instead.)
const tf = require('@tensorflow/tfjs');
tf.env().set('PROD', true);
