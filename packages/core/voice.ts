/**
 * Voice recordings (issue 19): what the server accepts, read from the bytes themselves.
 * The declared type and file name are ignored; the container is recognised by its magic
 * number, its duration read from the container, and the metadata it can carry (tags,
 * titles, the writing application, dates) blanked out before anything is stored.
 *
 * Blanking, not rebuilding: each format has a filler that keeps every size and offset
 * valid (Matroska's Void element, MP4's `free` box, ID3 tags cut from the ends of an MP3,
 * WAV chunks other than `fmt ` and `data` dropped, Ogg's comment header overwritten with
 * spaces of the same length and its pages' checksums recomputed), so the audio itself is
 * never touched.
 */

export const VOICE_LIMITS = {
  /**
   * Largest recording accepted, in bytes. Not 10 MB: in AWS the form reaches the public
   * function through a Lambda function URL, whose 6 MB request payload carries a binary body
   * base64-encoded (4/3 larger), so about 4.4 MB of upload fits. Five minutes at the
   * recorder's 32 kbit/s Opus is 1.2 MB; a five-minute MP3 at 96 kbit/s is 3.6 MB.
   */
  bytes: 4 * 1024 * 1024,
  /** Longest recording accepted, in seconds (the recorder stops itself here). */
  seconds: 5 * 60,
} as const;

export const VOICE_TYPES = ['audio/webm', 'audio/ogg', 'audio/mp4', 'audio/mpeg', 'audio/wav'] as const;
export type VoiceType = (typeof VOICE_TYPES)[number];

/** What the submission keeps about its recording: never the audio itself. */
export interface VoiceRecord {
  key: string;
  type: VoiceType;
  bytes: number;
  /** Whole seconds, rounded up; absent when the container does not say (reported to staff as unknown). */
  seconds?: number;
}

export type VoiceCheck =
  | { ok: true; type: VoiceType; seconds: number | undefined; body: Uint8Array }
  | { ok: false; error: 'error.voice.type' | 'error.voice.tooLarge' | 'error.voice.tooLong' | 'error.voice.empty' };

const ascii = (bytes: Uint8Array, at: number, length: number) =>
  String.fromCharCode(...bytes.subarray(at, at + length));

/** The container, by magic number; undefined for anything else (a PDF named .mp3 included). */
export function sniffAudio(bytes: Uint8Array): VoiceType | undefined {
  if (bytes.length < 12) return undefined;
  if (bytes[0] === 0x1a && bytes[1] === 0x45 && bytes[2] === 0xdf && bytes[3] === 0xa3) return 'audio/webm';
  if (ascii(bytes, 0, 4) === 'OggS') return 'audio/ogg';
  if (ascii(bytes, 0, 4) === 'RIFF' && ascii(bytes, 8, 4) === 'WAVE') return 'audio/wav';
  if (ascii(bytes, 4, 4) === 'ftyp') return 'audio/mp4';
  if (ascii(bytes, 0, 3) === 'ID3') return 'audio/mpeg';
  if (mp3Frame(bytes, 0)) return 'audio/mpeg';
  return undefined;
}

/**
 * Checks one upload: sniffed type, size, duration; returns the bytes with their metadata
 * blanked. A container that cannot be read through (truncated, or not what its magic says)
 * is refused as the wrong type rather than stored half-understood.
 */
export function checkVoice(input: Uint8Array, limits: { bytes: number; seconds: number } = VOICE_LIMITS): VoiceCheck {
  if (input.length === 0) return { ok: false, error: 'error.voice.empty' };
  if (input.length > limits.bytes) return { ok: false, error: 'error.voice.tooLarge' };
  const type = sniffAudio(input);
  if (!type) return { ok: false, error: 'error.voice.type' };
  let read: { body: Uint8Array; seconds: number | undefined } | undefined;
  try {
    read = READERS[type](new Uint8Array(input));
  } catch {
    read = undefined;
  }
  if (!read) return { ok: false, error: 'error.voice.type' };
  const seconds = read.seconds === undefined ? undefined : Math.ceil(read.seconds);
  if (seconds !== undefined && seconds > limits.seconds) return { ok: false, error: 'error.voice.tooLong' };
  return { ok: true, type, seconds, body: read.body };
}

type Reader = (bytes: Uint8Array) => { body: Uint8Array; seconds: number | undefined } | undefined;

const READERS: Record<VoiceType, Reader> = {
  'audio/wav': readWav,
  'audio/mpeg': readMp3,
  'audio/webm': readMatroska,
  'audio/mp4': readMp4,
  'audio/ogg': readOgg,
};

// ---- WAV: keep `fmt ` and `data`, drop LIST/INFO, id3 and every other chunk ----

function readWav(bytes: Uint8Array) {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  let format: Uint8Array | undefined;
  let data: Uint8Array | undefined;
  for (let at = 12; at + 8 <= bytes.length; ) {
    const id = ascii(bytes, at, 4);
    const size = view.getUint32(at + 4, true);
    const end = Math.min(at + 8 + size, bytes.length);
    if (id === 'fmt ') format = bytes.subarray(at, end);
    if (id === 'data') data = bytes.subarray(at, end);
    at = at + 8 + size + (size % 2);
  }
  if (!format || !data || format.length < 24) return undefined;
  const byteRate = new DataView(format.buffer, format.byteOffset).getUint32(16, true);
  const seconds = byteRate > 0 ? (data.length - 8) / byteRate : undefined;
  const body = new Uint8Array(12 + format.length + (format.length % 2) + data.length);
  body.set(bytes.subarray(0, 12));
  body.set(format, 12);
  body.set(data, 12 + format.length + (format.length % 2));
  new DataView(body.buffer).setUint32(4, body.length - 8, true);
  return { body, seconds };
}

// ---- MP3: cut ID3v2 (front) and ID3v1 / APE (end); duration by walking the frames ----

const MP3_BITRATES = {
  v1: [0, 32, 40, 48, 56, 64, 80, 96, 112, 128, 160, 192, 224, 256, 320],
  v2: [0, 8, 16, 24, 32, 40, 48, 56, 64, 80, 96, 112, 128, 144, 160],
};
const MP3_RATES = [44100, 48000, 32000];

/** A Layer III frame header at `at`: its length and samples, or undefined. */
function mp3Frame(bytes: Uint8Array, at: number): { length: number; samples: number; rate: number } | undefined {
  if (at + 4 > bytes.length || bytes[at] !== 0xff || (bytes[at + 1]! & 0xe0) !== 0xe0) return undefined;
  const version = (bytes[at + 1]! >> 3) & 3; // 3: MPEG-1, 2: MPEG-2, 0: MPEG-2.5
  const layer = (bytes[at + 1]! >> 1) & 3; // 1: Layer III
  const bitrateIndex = bytes[at + 2]! >> 4;
  const rateIndex = (bytes[at + 2]! >> 2) & 3;
  if (version === 1 || layer !== 1 || bitrateIndex === 0 || bitrateIndex === 15 || rateIndex === 3) return undefined;
  const mpeg1 = version === 3;
  const rate = MP3_RATES[rateIndex]! / (mpeg1 ? 1 : version === 2 ? 2 : 4);
  const bitrate = (mpeg1 ? MP3_BITRATES.v1 : MP3_BITRATES.v2)[bitrateIndex]! * 1000;
  const samples = mpeg1 ? 1152 : 576;
  const padding = (bytes[at + 2]! >> 1) & 1;
  return { length: Math.floor((samples / 8) * (bitrate / rate)) + padding, samples, rate };
}

function readMp3(bytes: Uint8Array) {
  let start = 0;
  while (ascii(bytes, start, 3) === 'ID3' && start + 10 <= bytes.length) {
    const size =
      ((bytes[start + 6]! & 0x7f) << 21) |
      ((bytes[start + 7]! & 0x7f) << 14) |
      ((bytes[start + 8]! & 0x7f) << 7) |
      (bytes[start + 9]! & 0x7f);
    start += 10 + size + (bytes[start + 5]! & 0x10 ? 10 : 0);
  }
  let end = bytes.length;
  if (end - start >= 128 && ascii(bytes, end - 128, 3) === 'TAG') end -= 128;
  if (end - start >= 32 && ascii(bytes, end - 32, 8) === 'APETAGEX') {
    const view = new DataView(bytes.buffer, bytes.byteOffset + end - 32, 32);
    end -= view.getUint32(12, true) + ((view.getUint32(20, true) >>> 31) & 1 ? 32 : 0);
  }
  let seconds = 0;
  let frames = 0;
  let at = start;
  while (at < end) {
    const frame = mp3Frame(bytes, at);
    if (!frame) break;
    seconds += frame.samples / frame.rate;
    frames += 1;
    at += frame.length;
  }
  // A file that is not a run of frames from the first byte after its tags is not an MP3.
  if (frames === 0 || at < end - 4) return undefined;
  return { body: bytes.slice(start, end), seconds };
}

// ---- Matroska / WebM: walk the EBML tree; blank tags and writer names with Void ----

const EBML = {
  segment: 0x18538067,
  cluster: 0x1f43b675,
  info: 0x1549a966,
  timecodeScale: 0x2ad7b1,
  duration: 0x4489,
  clusterTimecode: 0xe7,
  simpleBlock: 0xa3,
  blockGroup: 0xa0,
  block: 0xa1,
  tracks: 0x1654ae6b,
};
/** Elements that say who, when or with what a file was made, or carry free text. */
const EBML_BLANK = new Set([
  0x1254c367, // Tags
  0x1941a469, // Attachments
  0x1043a770, // Chapters
  0x7ba9, // Title
  0x4d80, // MuxingApp
  0x5741, // WritingApp
  0x4461, // DateUTC
  0x536e, // Track Name
]);
const EBML_MASTERS = new Set([EBML.segment, EBML.cluster, EBML.info, EBML.blockGroup, EBML.tracks, 0xae]);

function vint(bytes: Uint8Array, at: number, keepMarker: boolean): { value: number; length: number; unknown: boolean } {
  const first = bytes[at];
  if (first === undefined || first === 0) throw new Error('bad vint');
  const length = Math.clz32(first) - 23;
  let value = keepMarker ? first : first & (0xff >> length);
  let allOnes = value === 0xff >> length;
  for (let i = 1; i < length; i++) {
    const byte = bytes[at + i];
    if (byte === undefined) throw new Error('truncated');
    if (byte !== 0xff) allOnes = false;
    value = value * 256 + byte;
  }
  return { value, length, unknown: !keepMarker && allOnes };
}

function readUint(bytes: Uint8Array, at: number, size: number): number {
  let value = 0;
  for (let i = 0; i < size; i++) value = value * 256 + bytes[at + i]!;
  return value;
}

function blankEbml(bytes: Uint8Array, at: number, length: number) {
  // A Void element of exactly the same length: ID 0xEC, an 8-byte (or 1-byte) size, zeros.
  bytes.fill(0, at, at + length);
  bytes[at] = 0xec;
  if (length >= 9) {
    bytes[at + 1] = 0x01;
    let rest = length - 9;
    for (let i = 8; i >= 2; i--) {
      bytes[at + i] = rest % 256;
      rest = Math.floor(rest / 256);
    }
  } else {
    bytes[at + 1] = 0x80 | (length - 2);
  }
}

function readMatroska(bytes: Uint8Array) {
  let timecodeScale = 1_000_000;
  let declared: number | undefined;
  let clusterTime = 0;
  let last = 0;
  let blocks = 0;
  let sawSegment = false;
  for (let at = 0; at < bytes.length; ) {
    const id = vint(bytes, at, true);
    const size = vint(bytes, at + id.length, false);
    const body = at + id.length + size.length;
    if (id.value === EBML.segment) sawSegment = true;
    if (EBML_BLANK.has(id.value) && !size.unknown && body + size.value <= bytes.length) {
      blankEbml(bytes, at, body + size.value - at);
      at = body + size.value;
      continue;
    }
    // Masters are entered (unknown sizes included, as MediaRecorder writes them); leaves skipped.
    if (EBML_MASTERS.has(id.value)) {
      at = body;
      continue;
    }
    if (size.unknown) throw new Error('unknown-size leaf');
    if (body + size.value > bytes.length) {
      // A recording cut off mid-block (the person stopped as the last block was written).
      if (id.value === EBML.simpleBlock || id.value === EBML.block) break;
      throw new Error('truncated');
    }
    if (id.value === EBML.timecodeScale) timecodeScale = readUint(bytes, body, size.value);
    if (id.value === EBML.duration) {
      const view = new DataView(bytes.buffer, bytes.byteOffset + body, size.value);
      declared = size.value === 4 ? view.getFloat32(0) : view.getFloat64(0);
    }
    if (id.value === EBML.clusterTimecode) clusterTime = readUint(bytes, body, size.value);
    if (id.value === EBML.simpleBlock || id.value === EBML.block) {
      const track = vint(bytes, body, false);
      const relative = new DataView(bytes.buffer, bytes.byteOffset + body + track.length, 2).getInt16(0);
      last = Math.max(last, clusterTime + relative);
      blocks += 1;
    }
    at = body + size.value;
  }
  if (!sawSegment) return undefined;
  const ticks = declared !== undefined && declared > 0 ? declared : blocks > 0 ? last : undefined;
  return { body: bytes, seconds: ticks === undefined ? undefined : (ticks * timecodeScale) / 1e9 };
}

// ---- MP4 / M4A: duration from mvhd (or the fragments); udta and meta become `free` ----

const MP4_CONTAINERS = new Set(['moov', 'trak', 'mdia', 'moof', 'traf', 'minf', 'stbl', 'edts', 'mvex']);
const MP4_BLANK = new Set(['udta', 'meta', 'ilst']);

function readMp4(bytes: Uint8Array) {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  let movie: number | undefined;
  let timescale = 0;
  let fragments = 0;
  let defaultDuration = 0;
  let sawMoov = false;
  const walk = (from: number, to: number) => {
    for (let at = from; at + 8 <= to; ) {
      let size = view.getUint32(at);
      const type = ascii(bytes, at + 4, 4);
      let header = 8;
      if (size === 1) {
        size = Number(view.getBigUint64(at + 8));
        header = 16;
      } else if (size === 0) size = to - at;
      if (size < header || at + size > to) throw new Error('bad box');
      if (type === 'moov') sawMoov = true;
      if (MP4_BLANK.has(type)) {
        bytes.fill(0, at + header, at + size);
        bytes.set([0x66, 0x72, 0x65, 0x65], at + 4); // 'free'
      } else if (MP4_CONTAINERS.has(type)) {
        walk(at + header, at + size);
      } else if (type === 'mvhd' || type === 'mdhd') {
        const v1 = bytes[at + header] === 1;
        const scale = view.getUint32(at + header + (v1 ? 20 : 12));
        const length = v1 ? Number(view.getBigUint64(at + header + 24)) : view.getUint32(at + header + 16);
        if (type === 'mvhd' && scale > 0 && length > 0 && length !== 0xffffffff) movie = length / scale;
        if (type === 'mdhd') timescale = scale;
      } else if (type === 'trex') {
        defaultDuration = view.getUint32(at + header + 12);
      } else if (type === 'trun') {
        const flags = view.getUint32(at + header) & 0xffffff;
        const count = view.getUint32(at + header + 4);
        let cursor = at + header + 8 + (flags & 1 ? 4 : 0) + (flags & 4 ? 4 : 0);
        const per = [0x100, 0x200, 0x400, 0x800].filter((bit) => flags & bit).length * 4;
        for (let i = 0; i < count; i++) {
          fragments += flags & 0x100 ? view.getUint32(cursor) : defaultDuration;
          cursor += per;
        }
      }
      at += size;
    }
  };
  walk(0, bytes.length);
  if (!sawMoov) return undefined;
  const seconds = movie ?? (timescale > 0 && fragments > 0 ? fragments / timescale : undefined);
  return { body: bytes, seconds };
}

// ---- Ogg (Opus, Vorbis): duration from the last page's granule position; the comment ----
// ---- header (vendor string and "KEY=value" comments: title, artist, encoder) blanked ----

/**
 * Ogg's page checksum: CRC-32 with polynomial 0x04c11db7, initial value 0, not reflected,
 * no final XOR, over the whole page with its own checksum field read as zero.
 */
const OGG_CRC_TABLE = Uint32Array.from({ length: 256 }, (_, n) => {
  let r = n << 24;
  for (let bit = 0; bit < 8; bit++) r = r & 0x80000000 ? (r << 1) ^ 0x04c11db7 : r << 1;
  return r >>> 0;
});

export function oggCrc(bytes: Uint8Array): number {
  let crc = 0;
  for (const byte of bytes) crc = ((crc << 8) ^ OGG_CRC_TABLE[((crc >>> 24) ^ byte) & 0xff]!) >>> 0;
  return crc;
}

interface OggPage {
  at: number;
  length: number;
  serial: number;
  /** Where each packet piece on this page lies, and whether the packet ends on this page. */
  pieces: { at: number; length: number; ends: boolean }[];
}

function oggPages(bytes: Uint8Array): { pages: OggPage[]; end: number } {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const pages: OggPage[] = [];
  let at = 0;
  while (at + 27 <= bytes.length && ascii(bytes, at, 4) === 'OggS') {
    const segments = bytes[at + 26]!;
    const table = bytes.subarray(at + 27, at + 27 + segments);
    if (table.length < segments) break;
    const bodyAt = at + 27 + segments;
    const pieces: OggPage['pieces'] = [];
    let pieceAt = bodyAt;
    let pieceLength = 0;
    for (const lacing of table) {
      pieceLength += lacing;
      if (lacing < 255) {
        pieces.push({ at: pieceAt, length: pieceLength, ends: true });
        pieceAt += pieceLength;
        pieceLength = 0;
      }
    }
    if (pieceLength > 0) pieces.push({ at: pieceAt, length: pieceLength, ends: false });
    const length = 27 + segments + table.reduce((sum, n) => sum + n, 0);
    if (at + length > bytes.length) break;
    pages.push({ at, length, serial: view.getUint32(at + 14, true), pieces });
    at += length;
  }
  return { pages, end: at };
}

/**
 * Blanks a comment header in place: the vendor string becomes spaces, each comment keeps
 * its length as "X=" and spaces, and anything after the comments (Opus's optional binary
 * data) becomes zeros; Vorbis's closing framing bit stays. Lengths never change, so every
 * page and offset stays valid. False when the header does not read through.
 */
function blankComments(packet: Uint8Array, vorbis: boolean): boolean {
  const view = new DataView(packet.buffer, packet.byteOffset, packet.byteLength);
  let at = vorbis ? 7 : 8;
  const field = () => {
    if (at + 4 > packet.length) return undefined;
    const length = view.getUint32(at, true);
    const start = at + 4;
    if (start + length > packet.length) return undefined;
    at = start + length;
    return { start, length };
  };
  const vendor = field();
  if (!vendor || at + 4 > packet.length) return false;
  packet.fill(0x20, vendor.start, vendor.start + vendor.length);
  const count = view.getUint32(at, true);
  at += 4;
  for (let i = 0; i < count; i++) {
    const comment = field();
    if (!comment) return false;
    packet.fill(0x20, comment.start, comment.start + comment.length);
    if (comment.length >= 2) packet.set([0x58, 0x3d], comment.start); // "X="
  }
  if (vorbis) {
    if (at >= packet.length || (packet[at]! & 1) !== 1) return false;
    at += 1;
  }
  packet.fill(0, at);
  return true;
}

function readOgg(bytes: Uint8Array) {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const { pages, end } = oggPages(bytes);
  if (pages.length === 0) return undefined;
  let rate: number | undefined;
  let preSkip = 0;
  let granule = 0;
  // Per logical stream: how many packets have ended, and the pieces of the one being read.
  const streams = new Map<number, { ended: number; pieces: { at: number; length: number; page: OggPage }[] }>();
  const touched = new Set<OggPage>();
  for (const page of pages) {
    const bodyAt = page.pieces[0]?.at ?? page.at + page.length;
    if (rate === undefined && ascii(bytes, bodyAt, 8) === 'OpusHead') {
      rate = 48000;
      preSkip = view.getUint16(bodyAt + 10, true);
    }
    if (rate === undefined && ascii(bytes, bodyAt + 1, 6) === 'vorbis' && bytes[bodyAt] === 1) {
      rate = view.getUint32(bodyAt + 12, true);
    }
    const position = view.getBigInt64(page.at + 6, true);
    if (position > 0n) granule = Number(position);
    const stream = streams.get(page.serial) ?? { ended: 0, pieces: [] };
    streams.set(page.serial, stream);
    for (const piece of page.pieces) {
      if (stream.ended > 1) break;
      stream.pieces.push({ ...piece, page });
      if (!piece.ends) continue;
      // The second packet of every stream is its comment header (Opus and Vorbis alike).
      if (stream.ended === 1 && !blankCommentPacket(bytes, stream.pieces, touched)) return undefined;
      stream.ended += 1;
      stream.pieces = [];
    }
  }
  if (rate === undefined) return undefined;
  for (const page of touched) {
    const whole = bytes.subarray(page.at, page.at + page.length);
    whole.fill(0, 22, 26);
    new DataView(whole.buffer, whole.byteOffset).setUint32(22, oggCrc(whole), true);
  }
  return { body: bytes.subarray(0, end), seconds: granule > 0 ? Math.max(0, granule - preSkip) / rate : undefined };
}

/** Gathers a comment packet from its pages, blanks it, and writes it back where it came from. */
function blankCommentPacket(
  bytes: Uint8Array,
  pieces: { at: number; length: number; page: OggPage }[],
  touched: Set<OggPage>,
): boolean {
  const packet = new Uint8Array(pieces.reduce((sum, piece) => sum + piece.length, 0));
  let at = 0;
  for (const piece of pieces) {
    packet.set(bytes.subarray(piece.at, piece.at + piece.length), at);
    at += piece.length;
  }
  const opus = ascii(packet, 0, 8) === 'OpusTags';
  const vorbis = packet[0] === 3 && ascii(packet, 1, 6) === 'vorbis';
  if (!opus && !vorbis) return true; // another codec's second packet: nothing we know to blank
  if (!blankComments(packet, vorbis)) return false;
  at = 0;
  for (const piece of pieces) {
    bytes.set(packet.subarray(at, at + piece.length), piece.at);
    at += piece.length;
    touched.add(piece.page);
  }
  return true;
}

/** "2 min 10 s" as a count of minutes and seconds, for catalogue strings that say it in words. */
export function minutesAndSeconds(seconds: number): { minutes: number; seconds: number } {
  const whole = Math.max(0, Math.ceil(seconds));
  return { minutes: Math.floor(whole / 60), seconds: whole % 60 };
}
