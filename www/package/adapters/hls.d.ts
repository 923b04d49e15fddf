/** The hls.js adapter: a LIVE room's events read from the stream's EXT-X-DATERANGE tags and applied at the presented frame. */
import type { Bridge } from "../index.js";

/** The date-range class of room events (`ID="ev-N"`, `X-SEQ`, `X-KIND`, `X-DATA`). */
export declare const EVENT_CLASS: "com.shoppable.event";
/** The date-range class of the pinned state (`ID="state-N"`, `END-ON-NEXT`, `X-PINNED`, `X-LAST-EVENT`). */
export declare const STATE_CLASS: "com.shoppable.state";

/** The parts of an hls.js 1.x instance the adapter uses (pass the `Hls` instance itself). */
export interface HlsLike {
  on(event: string, listener: (name: string, data: any) => void): void;
  off(event: string, listener: (name: string, data: any) => void): void;
  readonly media: HTMLMediaElement | null;
  readonly latestLevelDetails?: unknown;
}

/** A room event as it was applied. */
export interface AppliedEvent {
  /** The room event's sequence number. */
  id: number;
  /** "pin", "unpin", "deal" or "stock". */
  kind: string;
  /** The event's time (its date range's START-DATE), Unix ms. */
  startDate: number;
}

/** The frame an event was applied on. */
export interface PresentedFrame {
  /** The frame's media time (requestVideoFrameCallback's mediaTime). */
  mediaTime: number;
  /** The frame's program date-time, Unix ms (NaN when the playlist has none). */
  programDateTime: number;
  /** performance.now() of the frame's callback. */
  presented: number;
}

export interface HlsLiveOptions {
  /** Told each event as it is applied, with the presented frame (analytics, measuring). */
  onApply?: (event: AppliedEvent, frame: PresentedFrame) => void;
}

/** A bridge whose `room` and `liveEvents` come from the stream; `detach()` stops listening to hls.js. */
export type HlsLiveBridge<B extends Bridge> = B & { detach(): void };

/** Wraps `bridge` so LIVE events come from `hls`'s stream, at the frame carrying them. */
export declare function hlsLive<B extends Bridge>(hls: HlsLike, bridge: B, options?: HlsLiveOptions): HlsLiveBridge<B>;

/** The program date-time (Unix ms) of media time `t`, from the playlist's segments. */
export declare function programDateTime(hls: HlsLike, t: number): number;
