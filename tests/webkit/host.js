// Drives the WebKitGTK app host (host.py) from a test: one JSON command per line on its stdin,
// its answers on stdout as "@@ {json}" lines; everything else it prints (the page's console)
// is kept for the failure message.
import { spawn } from "node:child_process";
import { createInterface } from "node:readline";
import { fileURLToPath } from "node:url";

const HOST = fileURLToPath(new URL("./host.py", import.meta.url));

/// A function body for call_async_javascript_function: awaits `call` and returns its result as
/// JSON text (WebKit hands back only some value types; text always crosses).
const wrap = (call) => `const v = await ${call}; return v === undefined ? "null" : JSON.stringify(v);`;

export class Host {
  static async start(base) {
    const h = new Host(base);
    await h.reply(0);
    return h;
  }

  constructor(base) {
    // The system Python: it has the GObject bindings (a pyenv Python on PATH may not).
    this.proc = spawn("/usr/bin/python3", [HOST, "--base", base], { stdio: ["pipe", "pipe", "pipe"] });
    this.next = 1;
    this.waiting = new Map();
    this.console = [];
    this.exited = new Promise((resolve) => this.proc.on("exit", (code) => resolve(code)));
    this.proc.on("exit", (code) => {
      for (const w of this.waiting.values()) w.reject(new Error(`the WebKit host exited (${code}):\n${this.tail()}`));
      this.waiting.clear();
    });
    const take = (line) => {
      if (!line.startsWith("@@ ")) {
        this.console.push(line);
        if (this.console.length > 400) this.console.shift();
        return;
      }
      const m = JSON.parse(line.slice(3));
      const w = this.waiting.get(m.id);
      if (!w) return;
      this.waiting.delete(m.id);
      if (m.error !== undefined) w.reject(new Error(`${m.error}\n${this.tail()}`));
      else w.resolve(m.value);
    };
    createInterface({ input: this.proc.stdout }).on("line", take);
    createInterface({ input: this.proc.stderr }).on("line", (l) => this.console.push(`stderr: ${l}`));
  }

  tail(n = 40) {
    // The media stack's complaints about a missing sound card and session bus are noise.
    const noise = /ALSA lib|AL lib|D-Bus|^stderr: $/;
    return this.console.filter((l) => !noise.test(l)).slice(-n).join("\n");
  }

  reply(id, timeoutMs = 30_000) {
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.waiting.delete(id);
        reject(new Error(`the WebKit host did not answer command ${id} in ${timeoutMs} ms\n${this.tail()}`));
      }, timeoutMs);
      this.waiting.set(id, {
        resolve: (v) => (clearTimeout(timer), resolve(v)),
        reject: (e) => (clearTimeout(timer), reject(e)),
      });
    });
  }

  send(command, timeoutMs) {
    const id = this.next++;
    this.proc.stdin.write(JSON.stringify({ id, ...command }) + "\n");
    return this.reply(id, timeoutMs);
  }

  load(path) {
    return this.send({ load: path });
  }

  /// Runs `fn` in the page (an async function of one JSON argument) and returns its result.
  evaluate(fn, args = null, timeoutMs) {
    return this.send({ eval: wrap(`(${fn.toString()})(JSON.parse(a))`), args }, timeoutMs);
  }

  /// Waits until `fn(args)` is truthy in the page, polling; returns its value.
  async waitFor(fn, args = null, what = "condition", timeoutMs = 15_000) {
    const body = `async (args) => {
      const f = (${fn.toString()});
      const end = performance.now() + ${timeoutMs};
      for (;;) {
        const v = await f(args);
        if (v) return v;
        if (performance.now() > end) return { timedOut: true };
        await new Promise((r) => setTimeout(r, 40));
      }
    }`;
    const v = await this.send({ eval: wrap(`(${body})(JSON.parse(a))`), args }, timeoutMs + 10_000);
    if (v && v.timedOut) throw new Error(`timed out waiting for ${what}\n${this.tail()}`);
    return v;
  }

  state() {
    return this.send({ state: true });
  }

  push(event, data) {
    return this.send({ push: { event, data } });
  }

  deliver(text) {
    return this.send({ deliver: text });
  }

  drop(method, count = 1) {
    return this.send({ drop: { method, count } });
  }

  snapshot(path) {
    return this.send({ snapshot: path });
  }

  /// The app goes to the background (false) or comes back (true).
  visible(v) {
    return this.send({ visible: v });
  }

  /// The app's own checkout finished and emptied its cart.
  completeCheckout() {
    return this.send({ complete: true });
  }

  policy(p) {
    return this.send({ policy: p });
  }

  async quit() {
    try {
      await this.send({ quit: true }, 5_000);
    } catch {
      // already gone
    }
    this.proc.kill();
    await this.exited;
  }
}
