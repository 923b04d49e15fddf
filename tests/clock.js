// Shifts every Date in a page by `shift` milliseconds (an init script), the way a device with a
// wrong clock would behave; performance.now() and the server are untouched. Shared by the
// deal tests and the browser benchmark.
export function shiftDate(shift) {
  const Real = Date;
  class Shifted extends Real {
    constructor(...a) {
      super(...(a.length ? a : [Real.now() + shift]));
    }
    static now() {
      return Real.now() + shift;
    }
  }
  globalThis.Date = Shifted;
}
