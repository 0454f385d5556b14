declare module "@echogarden/espeak-ng-emscripten" {
  const init: () => Promise<{ eSpeakNGWorker: new () => unknown }>;
  export default init;
}
