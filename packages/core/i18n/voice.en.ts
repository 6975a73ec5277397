/** English messages for voice submissions (issue 19); voice.ar.ts has the same keys. */
export const voiceEn = {
  'field.voice.label': 'Record your input instead of writing it',
  'field.voice.hint':
    'Choose an audio file of up to 5 minutes and 4 MB (WebM, Ogg, MP4, M4A, MP3 or WAV). If you send a recording, writing is optional. A recording can identify your voice: it is deleted {days} after your input is closed.',
  'field.message.voiceHint': 'You can also record your input instead: see below.',
  'error.voice.type':
    'This file is not an audio recording we can accept. Choose a WebM, Ogg, MP4, M4A, MP3 or WAV file. Nothing was saved',
  'error.voice.tooLarge': 'The recording must be 4 MB or smaller. Nothing was saved. Choose a shorter recording',
  'error.voice.tooLong': 'The recording must be 5 minutes or shorter. Nothing was saved. Choose a shorter recording',
  'error.voice.empty': 'The audio file is empty. Choose the file again',
  'error.voice.many': 'Send one recording only. Choose one file',
  'error.voice.again': 'For your safety, the browser does not keep a chosen file: choose it again before sending.',
  'recorder.open': 'Record with your microphone',
  'recorder.start': 'Start recording',
  'recorder.stop': 'Stop recording',
  'recorder.listen': 'Listen to the recording',
  'recorder.stopListening': 'Stop listening',
  'recorder.delete': 'Delete the recording',
  'recorder.again': 'Record again',
  'recorder.max': 'You can record up to 5 minutes.',
  'recorder.elapsed': '{time} of 5:00',
  'recorder.state.starting': 'Asking for the microphone…',
  'recorder.state.recording': 'Recording. Press “Stop recording” when you have finished.',
  'recorder.state.ready':
    'Your recording ({time}) is ready. You can listen to it or delete it. It will be sent with the form.',
  'recorder.state.limit': 'Recording stopped at the 5-minute limit. Your recording is ready.',
  'recorder.state.deleted': 'The recording was deleted. Nothing will be sent.',
  'recorder.error.denied':
    'The microphone is not allowed. To record, allow the microphone in your browser’s settings. You can also choose an audio file or write your input.',
  'recorder.error.missing': 'No microphone was found. You can connect one, choose an audio file, or write your input.',
  'recorder.error.failed': 'Recording does not work in this browser. You can choose an audio file or write your input.',
  'voice.duration': '{minutes} min {seconds} s',
  'mail.inbox.voice': 'A voice message ({duration}) is attached to this submission. Listen to it on the staff page:',
  'mail.inbox.voiceUnknown': 'A voice message is attached to this submission. Listen to it on the staff page:',
} as const;
