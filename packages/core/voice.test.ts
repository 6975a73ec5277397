import { describe, expect, it } from 'vitest';
import { containsTag, m4a, mp3, ogg, pdf, wav, webm } from '../../tests/fixtures/audio.ts';
import { checkVoice, minutesAndSeconds, sniffAudio, VOICE_LIMITS } from './voice.ts';

describe('voice recordings: checked from their bytes', () => {
  it.each([
    ['WebM', webm(3), 'audio/webm', 3],
    ['Ogg Opus', ogg(2.5), 'audio/ogg', 3],
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
