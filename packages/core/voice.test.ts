import { describe, expect, it } from 'vitest';
import { containsTag, m4a, mp3, ogg, oggVorbis, pdf, wav, webm } from '../../tests/fixtures/audio.ts';
import { checkVoice, minutesAndSeconds, oggCrc, sniffAudio, VOICE_LIMITS } from './voice.ts';

/** Each Ogg page's checksum, checked as a player would: recomputed with the field read as zero. */
function oggPagesValid(bytes: Uint8Array): boolean[] {
  const valid: boolean[] = [];
  for (let at = 0; at + 27 <= bytes.length; ) {
    const segments = bytes[at + 26]!;
    const length = 27 + segments + bytes.subarray(at + 27, at + 27 + segments).reduce((sum, n) => sum + n, 0);
    const page = bytes.slice(at, at + length);
    const stated = new DataView(page.buffer).getUint32(22, true);
    page.fill(0, 22, 26);
    valid.push(oggCrc(page) === stated);
    at += length;
  }
  return valid;
}

describe('voice recordings: checked from their bytes', () => {
  it.each([
    ['WebM', webm(3), 'audio/webm', 3],
    ['Ogg Opus', ogg(2.5), 'audio/ogg', 3],
    ['Ogg Vorbis', oggVorbis(4), 'audio/ogg', 4],
    ['M4A', m4a(130), 'audio/mp4', 130],
    ['MP3', mp3(4), 'audio/mpeg', 5],
    ['WAV', wav(2), 'audio/wav', 2],
  ] as const)('recognises %s by its magic number and reads its length', (_name, bytes, type, seconds) => {
    const checked = checkVoice(bytes);
    expect(checked).toMatchObject({ ok: true, type });
    if (checked.ok) expect(checked.seconds).toBe(seconds);
  });

  it.each([
    ['WebM (Tags, WritingApp)', webm(1)],
    ['M4A (udta)', m4a(1)],
    ['MP3 (ID3v2, ID3v1)', mp3(1)],
    ['WAV (LIST/INFO)', wav(1)],
    ['Ogg Opus (OpusTags vendor and ARTIST)', ogg(1)],
    ['Ogg Opus (OpusTags over two pages)', ogg(1, { longTags: true })],
    ['Ogg Vorbis (comment header sharing a page with the setup header)', oggVorbis(1)],
  ])('strips the metadata of %s', (_name, bytes) => {
    expect(containsTag(bytes)).toBe(true);
    const checked = checkVoice(bytes);
    expect(checked.ok).toBe(true);
    if (checked.ok) {
      expect(containsTag(checked.body)).toBe(false);
      // What is left still reads as the same container, with the same length.
      expect(sniffAudio(checked.body)).toBe(checked.type);
      expect(checkVoice(checked.body)).toMatchObject({ ok: true, seconds: checked.seconds });
    }
  });

  it('computes Ogg checksums as the format defines them (CRC-32, polynomial 0x04c11db7, no reflection)', () => {
    // The catalogue check value of CRC-32/CKSUM is 0x765e7680 with a final XOR of 0xffffffff; Ogg's has none.
    expect(oggCrc(new TextEncoder().encode('123456789'))).toBe((0x765e7680 ^ 0xffffffff) >>> 0); // 0x89a1897f
    expect(oggCrc(new Uint8Array())).toBe(0);
  });

  it.each([
    ['Opus', ogg(2)],
    ['Opus, tags over two pages', ogg(2, { longTags: true })],
    ['Vorbis', oggVorbis(2)],
  ])(
    'keeps Ogg (%s) playable after blanking: every page checksum valid, lengths and audio unchanged',
    (_name, bytes) => {
      expect(oggPagesValid(bytes).every(Boolean)).toBe(true);
      const original = bytes.slice();
      const checked = checkVoice(bytes);
      if (!checked.ok) throw new Error('refused');
      const pages = oggPagesValid(checked.body);
      expect(pages.length).toBeGreaterThanOrEqual(3);
      expect(pages.every(Boolean)).toBe(true);
      expect(checked.body.length).toBe(original.length);
      // The changed bytes lie only in the comment header's pages: the first page (identification)
      // and the last (audio) are byte for byte the same.
      const first = 27 + original[26]! + original[27]!;
      expect(Buffer.from(checked.body.subarray(0, first)).equals(Buffer.from(original.subarray(0, first)))).toBe(true);
      const tail = original.length - (27 + 1 + original[original.length - 5]!); // the last page: 1 segment
      expect(Buffer.from(checked.body.subarray(tail)).equals(Buffer.from(original.subarray(tail)))).toBe(true);
      // Still a comment header a player reads: the vendor is blank and each comment is "X=" and spaces.
      const text = Buffer.from(checked.body).toString('latin1');
      expect(text).toMatch(/X= {10,}/);
      expect(text).not.toMatch(/ARTIST=|TITLE=|Mozilla|libVorbis/);
    },
  );

  it('refuses an Ogg comment header whose lengths run past its packet', () => {
    const bytes = ogg(1);
    const tagsAt = Buffer.from(bytes).indexOf('OpusTags');
    expect(tagsAt).toBeGreaterThan(0);
    new DataView(bytes.buffer).setUint32(tagsAt + 8, 0x7fffffff, true); // the vendor string's length
    expect(checkVoice(bytes)).toEqual({ ok: false, error: 'error.voice.type' });
  });

  it('keeps the WAV audio bytes and fixes the RIFF size after dropping chunks', () => {
    const checked = checkVoice(wav(1));
    if (!checked.ok) throw new Error('refused');
    const view = new DataView(checked.body.buffer, checked.body.byteOffset);
    expect(view.getUint32(4, true)).toBe(checked.body.length - 8);
    expect(checked.body.length).toBe(44 + 8000);
  });

  it('refuses what is not audio, whatever it claims to be', () => {
    expect(checkVoice(pdf())).toEqual({ ok: false, error: 'error.voice.type' });
    expect(checkVoice(new TextEncoder().encode('<html><script>alert(1)</script></html>'))).toEqual({
      ok: false,
      error: 'error.voice.type',
    });
    // An MP3's tag with no frames after it, and a RIFF that is not WAVE.
    expect(checkVoice(mp3(1).subarray(0, 40)).ok).toBe(false);
    expect(checkVoice(new TextEncoder().encode('RIFF\0\0\0\0AVI LIST....')).ok).toBe(false);
  });

  it('refuses recordings past five minutes, by the length the container states', () => {
    expect(checkVoice(wav(301))).toEqual({ ok: false, error: 'error.voice.tooLong' });
    expect(checkVoice(m4a(300)).ok).toBe(true);
    expect(checkVoice(m4a(300.5))).toEqual({ ok: false, error: 'error.voice.tooLong' });
    expect(checkVoice(webm(301))).toEqual({ ok: false, error: 'error.voice.tooLong' });
  });

  it('refuses files over the size limit before reading them, and empty files', () => {
    expect(checkVoice(new Uint8Array(VOICE_LIMITS.bytes + 1))).toEqual({ ok: false, error: 'error.voice.tooLarge' });
    expect(checkVoice(new Uint8Array())).toEqual({ ok: false, error: 'error.voice.empty' });
  });

  it('says lengths as minutes and seconds', () => {
    expect(minutesAndSeconds(130)).toEqual({ minutes: 2, seconds: 10 });
    expect(minutesAndSeconds(59.2)).toEqual({ minutes: 1, seconds: 0 });
  });
});

describe('voice recordings: hostile bytes', () => {
  it('never throws, and accepts nothing that does not start with an audio magic number', async () => {
    const fc = await import('fast-check');
    const magic = fc.constantFrom(
      new Uint8Array([0x1a, 0x45, 0xdf, 0xa3]),
      new TextEncoder().encode('OggS'),
      new TextEncoder().encode('RIFF\0\0\0\0WAVE'),
      new TextEncoder().encode('\0\0\0\x18ftyp'),
      new TextEncoder().encode('ID3'),
      new Uint8Array([0xff, 0xfb]),
    );
    fc.assert(
      fc.property(fc.option(magic), fc.uint8Array({ maxLength: 2048 }), (prefix, rest) => {
        const bytes = new Uint8Array([...(prefix ?? []), ...rest]);
        const checked = checkVoice(bytes);
        if (checked.ok) {
          expect(sniffAudio(bytes)).toBe(checked.type);
          expect(checked.seconds === undefined || checked.seconds <= VOICE_LIMITS.seconds).toBe(true);
        }
      }),
      { numRuns: 3000 },
    );
  });
});
