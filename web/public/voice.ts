import { checkVoice, type VoiceUpload } from '#core';

export type VoiceField =
  | { ok: true; present: boolean; upload?: VoiceUpload }
  | { ok: false; present: true; error: string };

/**
 * The form's `voice` file field (issue 19), checked from its bytes: what the browser or the
 * person declared (type, name) is never trusted. Two files in the one field are refused.
 */
export async function readVoice(files: File[] | undefined): Promise<VoiceField> {
  if (!files || files.length === 0) return { ok: true, present: false };
  if (files.length > 1) return { ok: false, present: true, error: 'error.voice.many' };
  const checked = checkVoice(new Uint8Array(await files[0]!.arrayBuffer()));
  if (!checked.ok) return { ok: false, present: true, error: checked.error };
  return { ok: true, present: true, upload: { body: checked.body, type: checked.type, seconds: checked.seconds } };
}
