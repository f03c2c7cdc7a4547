// Which classified images the results page can show as a thumbnail: the formats a webview
// (Chromium) decodes. The rest are listed without one.

/** Image formats a webview (Chromium) can show as a thumbnail. */
export const THUMBNAIL_EXTENSIONS = /\.(jpe?g|png|webp|gif|bmp|avif)$/i;
