//! The serving sections: the commerce API's latency, the LIVE fan-out over SSE, the native
//! bridge in WebKit beside REST, LIVE over HLS, and the memory soak of a LIVE session.

use std::fmt::Write as _;

use anyhow::Result;

use super::{fig, meets, verdict};
use crate::bench::results::{Api, Fanout, Hls, Soak, Webkit};
use crate::budget;

pub fn api(r: &mut String, api: &Api) -> Result<()> {
    writeln!(
        r,
        "\n## Commerce API latency (loopback, SQLite WAL, synchronous=FULL)\n"
    )?;
    writeln!(
        r,
        "Open-loop load from the same 2-core machine, one TCP connection per request, latency \
         from each request's scheduled send time.\n"
    )?;
    writeln!(r, "| call | rate | requests | failed | p50 | p99 | max |\n|---|---:|---:|---:|---:|---:|---:|")?;
    for (name, v) in [
        ("set quantity (PUT line)", &api.set_quantity),
        ("checkout", &api.checkout),
    ] {
        writeln!(
            r,
            "| {name} | {}/s | {} | {} | {} ms | {} ms | {} ms |",
            v.rate_per_s,
            v.requests,
            v.failed,
            fig(v.p50_ms, 2),
            fig(v.p99_ms, 2),
            fig(v.max_ms, 2)
        )?;
    }
    writeln!(
        r,
        "\nBudget set-quantity p99 ≤ {} ms at 1,000 requests/s: {}.",
        budget::API_P99_MS,
        verdict(meets(api.set_quantity.p99_ms, |p| p <= budget::API_P99_MS))
    )?;
    Ok(())
}

pub fn fanout(r: &mut String, f: &Fanout) -> Result<()> {
    writeln!(
        r,
        "\n## LIVE pin fan-out over Server-Sent Events (loopback)\n"
    )?;
    writeln!(
        r,
        "N viewers hold event streams on one room; the host pins and unpins 20 times, 50 ms \
         apart. Latency per delivery: from the host's request leaving to the viewer reading \
         the event. Server, viewers and host share the 2-core machine.\n"
    )?;
    writeln!(
        r,
        "| viewers | connected | deliveries | missing | p50 | p99 | max |\n|---:|---:|---:|---:|---:|---:|---:|"
    )?;
    for x in &f.fanout {
        writeln!(
            r,
            "| {} | {} | {} | {} | {} ms | {} ms | {} ms |",
            x.viewers,
            x.connected,
            x.deliveries,
            x.missing,
            fig(x.p50_ms, 1),
            fig(x.p99_ms, 1),
            fig(x.max_ms, 1)
        )?;
    }
    // The largest audience is the last round.
    let last = f.fanout.last();
    let met = last.is_some_and(|x| x.viewers >= 2_000.0)
        && meets(last.and_then(|x| x.p99_ms), |p| p <= budget::FANOUT_P99_MS);
    writeln!(
        r,
        "\nBudget p99 ≤ {} ms at 2,000 viewers: {}.",
        budget::FANOUT_P99_MS,
        verdict(met)
    )?;
    Ok(())
}

pub fn webkit(r: &mut String, w: &Webkit) -> Result<()> {
    writeln!(
        r,
        "\n## Native bridge round trip in WebKit\n\n{} hosting the app page; {} sequential \
         calls each, page → app → page through the with-reply message handler (the app host \
         is Python: JSON parse, policy check, its cart, JSON reply), beside the same call \
         through the REST bridge to the reference server on this machine. WebKit gives \
         `performance.now()` in whole milliseconds here, so the percentiles move in 1 ms \
         steps; the mean is the total over the calls.\n",
        w.engine, w.native_server_time.n
    )?;
    writeln!(r, "| call | bridge | mean | p50 | p99 | max |")?;
    writeln!(r, "|---|---|---:|---:|---:|---:|")?;
    for (label, bridge, s) in [
        ("serverTime", "native", &w.native_server_time),
        (
            "setQuantity (3-line cart)",
            "native",
            &w.native_set_quantity,
        ),
        ("serverTime", "REST", &w.rest_server_time),
        ("setQuantity (3-line cart)", "REST", &w.rest_set_quantity),
    ] {
        writeln!(
            r,
            "| {label} | {bridge} | {:.2} ms | {:.0} ms | {:.0} ms | {:.0} ms |",
            s.mean, s.p50, s.p99, s.max
        )?;
    }
    let p99 = w.native_server_time.p99.max(w.native_set_quantity.p99);
    writeln!(
        r,
        "\nBudget native p99 ≤ {} ms: {p99:.0} ms ({}).",
        budget::NATIVE_BRIDGE_P99_MS,
        verdict(p99 <= budget::NATIVE_BRIDGE_P99_MS)
    )?;
    Ok(())
}

pub fn hls(r: &mut String, h: &Hls) -> Result<()> {
    let frame = h.frame_ms;
    writeln!(
        r,
        "\n## LIVE over HLS: the host's pin on the hls.js viewer\n\nThe room's live playlist \
         (2 s fMP4 segments, the pin as an `EXT-X-DATERANGE`) played by hls.js in Chromium, \
         held N segments behind the live edge (`liveSyncDurationCount`); the host pins and \
         unpins through the API, six times per setting. *Delay*: from the pin (server time) to \
         the viewer applying it (same clock). *Placement*: the program date-time of the frame \
         it was applied on, minus the pin's time; budget: within one frame ({frame:.1} ms).\n"
    )?;
    writeln!(
        r,
        "| behind the edge | hls.js latency | delay (median, max) | placement (median, max) |"
    )?;
    writeln!(r, "|---|---:|---:|---:|")?;
    let mut met = !h.settings.is_empty();
    let mut worst: Option<f64> = Some(0.0);
    let s_of = |ms: Option<f64>| ms.map(|m| m / 1000.0);
    for s in &h.settings {
        met &= meets(s.placement_ms.max, |m| m < frame + 0.5);
        // A setting with no placement makes the worst unknown.
        worst = worst.zip(s.placement_ms.max).map(|(w, m)| w.max(m));
        writeln!(
            r,
            "| {} segments | {} s | {} s, {} s | {} ms, {} ms |",
            s.sync,
            fig(s.latency_s.median, 2),
            fig(s_of(s.delay_ms.median), 2),
            fig(s_of(s.delay_ms.max), 2),
            fig(s.placement_ms.median, 1),
            fig(s.placement_ms.max, 1)
        )?;
    }
    writeln!(
        r,
        "\nThe delay is the stream's latency (hls.js's figure plus the age of the newest \
         segment, which the server publishes once it has ended): the pin shows when the \
         picture it was made on does. Placement within one frame: {} ms ({}).",
        fig(worst, 1),
        verdict(met)
    )?;
    Ok(())
}

pub fn soak(r: &mut String, s: &Soak) -> Result<()> {
    let mib = |v: f64| v / 1_048_576.0;
    let per_hour = |v: Option<f64>| v.map(mib);
    let within = |v: Option<f64>| verdict(meets(v, |g| g <= budget::SOAK_BYTES_PER_HOUR));
    writeln!(
        r,
        "\n## Memory soak: a LIVE session, then destroy()\n\nThe LIVE viewer (looping sample, \
         events over SSE) in Chromium for {} s of playback: the host pins a product every 2 s \
         (unpinning the one before: {} pins) and starts a flash deal every 30 s ({} deals); the \
         viewer heard {} events, the video still playing: {}. Memory after a forced collection \
         from the end of the first minute to the end, extrapolated to an hour (CDP \
         `Runtime.getHeapUsage`; every `WebAssembly.Memory` on the page, {} of them: viewer and \
         shop). Then `destroy()`: detached DOM nodes after a collection (CDP \
         `DOM.getDetachedDomNodes`) and listeners whose handler is the overlay's code (CDP \
         `DOMDebugger.getEventListeners` on the video, its parent, the document and the \
         window).\n",
        s.seconds, s.pins, s.deals, s.heard, s.playing, s.memories,
    )?;
    writeln!(r, "| measure | start | end | growth per hour | budget |")?;
    writeln!(r, "|---|---:|---:|---:|---|")?;
    let budget_mb = budget::SOAK_BYTES_PER_HOUR / 1e6;
    for (name, g) in [("JS heap", &s.heap), ("Wasm memory", &s.wasm)] {
        writeln!(
            r,
            "| {name} | {:.2} MiB | {:.2} MiB | {} MiB/h | ≤ {budget_mb} MB/h ({}) |",
            mib(g.start),
            mib(g.end),
            fig(per_hour(g.per_hour), 3),
            within(g.per_hour)
        )?;
    }
    let listeners = s.listeners_after.len();
    writeln!(
        r,
        "\nAfter `destroy()`: {} of the overlay's nodes detached ({}), {} of its listeners left \
         of {} while it ran ({}), {} of its nodes in the document. Also detached, and not \
         leaks: {} shopping layer kept for the next overlay to reuse (yew keeps an app's host \
         for the page's life, so the shop pools up to four instead of leaving one behind per \
         overlay), and {} bare elements (no attributes, no children: yew's one-per-tag-name \
         elements it clones from, and the browser's own).",
        s.detached_overlay,
        verdict(s.detached_overlay == 0.0),
        listeners,
        s.listeners_before,
        verdict(listeners == 0),
        s.nodes_left,
        s.pooled_layers,
        s.detached_bare,
    )?;
    if !s.listeners_after.is_empty() {
        writeln!(r, " Left: {}.", s.listeners_after.join("; "))?;
    }
    Ok(())
}
