// Flattens a parsed JSON value into a tape the engine reads in one call (instead of one call
// per value): kinds (0 null, 1 false, 2 true, 3 number, 4 string, 5 array of n, 6 object of
// n members, each a key string then a value), numbers (a number's value, a string's length
// in UTF-16 units, a container's size), and all the text of keys and strings joined.
export function tape(value) {
  const kinds = [];
  const nums = [];
  const text = [];
  const str = (s) => {
    kinds.push(4);
    nums.push(s.length);
    text.push(s);
  };
  const walk = (v, depth) => {
    if (depth > 64) throw new RangeError("nested deeper than 64 levels");
    if (v === null) kinds.push(0);
    else if (v === false) kinds.push(1);
    else if (v === true) kinds.push(2);
    else if (typeof v === "number") {
      kinds.push(3);
      nums.push(v);
    } else if (typeof v === "string") str(v);
    else if (Array.isArray(v)) {
      kinds.push(5);
      nums.push(v.length);
      for (const x of v) walk(x, depth + 1);
    } else {
      const keys = Object.keys(v);
      kinds.push(6);
      nums.push(keys.length);
      for (const k of keys) {
        str(k);
        walk(v[k], depth + 1);
      }
    }
  };
  walk(value, 0);
  return { kinds: Uint8Array.from(kinds), nums: Float64Array.from(nums), text: text.join("") };
}
