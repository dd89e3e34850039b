// Silence the "Hi, looks like you are running TensorFlow.js in Node.js" banner in tests.
const tf = require('@tensorflow/tfjs');
tf.env().set('IS_TEST', true);
