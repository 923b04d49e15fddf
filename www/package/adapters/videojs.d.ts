/** The video.js 8 plugin: the overlay inside the player's element (fullscreen keeps it), clear of the control bar. */
import type { MountOptions, OverlayHandle } from "../index.js";

/** The overlay as the plugin returns it: the handle's methods, usable before the player is ready. */
export interface PlayerOverlay
  extends Pick<OverlayHandle, "on" | "off" | "relayout" | "back" | "serverNow" | "exactFrames" | "hasPanicked" | "panicMessage" | "setSafeArea"> {
  /** Removes the overlay (it also goes with `player.dispose()`). */
  destroy(): void;
  /** The handle once the player is ready and the overlay mounted. */
  readonly handle: OverlayHandle | null;
}

/** The part of video.js's default export the plugin needs. */
export interface VideoJsLike {
  registerPlugin(name: string, plugin: (this: any, options: MountOptions) => unknown): unknown;
  getPlugin?(name: string): unknown;
}

/** Registers `player.shoppable(options)` (mount's options) on video.js; safe to call twice. */
export declare function registerShoppable(videojs: VideoJsLike): void;
