/**
 * /favicon.ico: every browser asks for it on a first visit, and a 404 there is a console
 * error on every page. A 16×16 icon in the site's colours (the header's near-black with the
 * link-blue bar under it), built as bytes here rather than kept as a binary file.
 */
const SIZE = 16;
const DARK = [0x0c, 0x0c, 0x0b, 0xff]; // B, G, R, A: #0b0c0c
const BAR = [0x8b, 0x4f, 0x1a, 0xff]; // #1a4f8b

function icon(): Uint8Array {
  const pixels = SIZE * SIZE * 4;
  const mask = SIZE * 4; // 1 bit per pixel, rows padded to 4 bytes; all zero (opaque)
  const image = 40 + pixels + mask;
  const bytes = new Uint8Array(6 + 16 + image);
  const view = new DataView(bytes.buffer);
  view.setUint16(2, 1, true); // type: icon
  view.setUint16(4, 1, true); // one image
  bytes[6] = SIZE;
  bytes[7] = SIZE;
  view.setUint16(10, 1, true); // colour planes
  view.setUint16(12, 32, true); // bits per pixel
  view.setUint32(14, image, true);
  view.setUint32(18, 22, true); // offset of the image
  const header = 22;
  view.setUint32(header, 40, true); // BITMAPINFOHEADER
  view.setInt32(header + 4, SIZE, true);
  view.setInt32(header + 8, SIZE * 2, true); // colour rows + mask rows
  view.setUint16(header + 12, 1, true);
  view.setUint16(header + 14, 32, true);
  view.setUint32(header + 20, pixels + mask, true);
  for (let row = 0; row < SIZE; row++) {
    // Bitmap rows run bottom-up: the bar is the bottom three rows.
    const colour = row < 3 ? BAR : DARK;
    for (let column = 0; column < SIZE; column++) bytes.set(colour, header + 40 + (row * SIZE + column) * 4);
  }
  return bytes;
}

export const favicon: ArrayBuffer = icon().buffer as ArrayBuffer;
