import { LANGUAGES, type Language, LOCALES, translator } from '#core';

/**
 * The voice recorder (issue 19), loaded by site.js only when the person presses "Record with
 * your microphone": the form's first load never carries it. One file per language, with its
 * strings inside, so the page needs no extra attributes. Built on MediaRecorder; the
 * recording goes into the form's own file input (DataTransfer), so whatever sends the form,
 * a plain POST or the resending script, carries it. Real buttons whose labels change, the
 * state in a polite live region, the elapsed time shown, a 5-minute stop, no autoplay.
 */
const source = `(function(){
'use strict';
var S=__STRINGS__,MAX=300,doc=document;
var box=doc.querySelector('[data-voice]');
if(!box||box.getAttribute('data-recorder-ready'))return;
box.setAttribute('data-recorder-ready','1');
var input=box.querySelector('input[type=file]'),open=box.querySelector('[data-record-open]');
var numbers=new Intl.NumberFormat(S.locale,{useGrouping:false,minimumIntegerDigits:1});
var two=new Intl.NumberFormat(S.locale,{useGrouping:false,minimumIntegerDigits:2});
function fmt(s){s=Math.floor(s);return numbers.format(Math.floor(s/60))+':'+two.format(s%60);}
function button(label,name){var b=doc.createElement('button');b.type='button';b.className='button secondary';b.textContent=label;b.setAttribute('data-recorder',name);return b;}
var panel=doc.createElement('div');panel.className='recorder';
var limit=doc.createElement('p');limit.className='hint';limit.textContent=S.max;
var main=button(S.start,'main'),listen=button(S.listen,'listen'),del=button(S.del,'delete');
var time=doc.createElement('p');time.className='recorder-time';time.setAttribute('data-recorder','time');
var status=doc.createElement('p');status.setAttribute('role','status');status.setAttribute('aria-live','polite');status.setAttribute('data-recorder','status');
listen.hidden=del.hidden=true;
panel.appendChild(limit);panel.appendChild(main);panel.appendChild(listen);panel.appendChild(del);panel.appendChild(time);panel.appendChild(status);
open.hidden=true;open.parentNode.insertBefore(panel,open.nextSibling);
var rec,stream,chunks,started,seconds=0,tick,audio,url,state='idle',limited=false;
function say(text){status.textContent=text;}
function stopStream(){if(stream)stream.getTracks().forEach(function(t){t.stop();});stream=null;}
function clear(){if(audio)audio.pause();if(url)URL.revokeObjectURL(url);audio=url=null;input.value='';listen.hidden=del.hidden=true;listen.textContent=S.listen;time.textContent='';}
/* The main button is never disabled: a disabled button drops the keyboard focus. While the
   microphone is asked for, or the recording is being closed, presses are ignored instead. */
function busy(on){if(on)main.setAttribute('aria-disabled','true');else main.removeAttribute('aria-disabled');}
function start(){
  clear();limited=false;state='starting';busy(true);say(S.starting);
  navigator.mediaDevices.getUserMedia({audio:true}).then(function(s){
    stream=s;chunks=[];
    var type=['audio/webm;codecs=opus','audio/ogg;codecs=opus','audio/mp4'].filter(function(t){return MediaRecorder.isTypeSupported(t);})[0];
    var options={audioBitsPerSecond:32000};if(type)options.mimeType=type;
    rec=new MediaRecorder(s,options);
    rec.ondataavailable=function(e){if(e.data&&e.data.size)chunks.push(e.data);};
    rec.onstop=done;
    rec.start(1000);
    started=Date.now();state='recording';
    main.textContent=S.stop;busy(false);
    time.textContent=S.elapsed.replace('{time}',fmt(0));
    say(S.recording);
    tick=setInterval(function(){
      seconds=(Date.now()-started)/1000;
      time.textContent=S.elapsed.replace('{time}',fmt(Math.min(seconds,MAX)));
      if(seconds>=MAX){limited=true;stop();}
    },250);
  },function(error){
    stopStream();state='idle';busy(false);main.textContent=S.start;
    var name=error&&error.name;
    say(name==='NotAllowedError'||name==='SecurityError'?S.denied:name==='NotFoundError'||name==='OverconstrainedError'?S.missing:S.failed);
  });
}
function stop(){clearInterval(tick);state='stopping';busy(true);if(rec&&rec.state!=='inactive')rec.stop();stopStream();}
function done(){
  var type=(rec.mimeType||'audio/webm').split(';')[0];
  var blob=new Blob(chunks,{type:type});
  var file=new File([blob],'recording.'+(/ogg/.test(type)?'ogg':/mp4/.test(type)?'m4a':'webm'),{type:type});
  var files=new DataTransfer();files.items.add(file);input.files=files.files;
  url=URL.createObjectURL(blob);audio=new Audio();audio.preload='none';audio.src=url;
  audio.onended=function(){listen.textContent=S.listen;};
  state='ready';busy(false);main.textContent=S.again;listen.hidden=del.hidden=false;
  time.textContent='';/* the status says the length once: "Your recording (0:03) is ready" */
  say((limited?S.limit+' ':'')+S.ready.replace('{time}',fmt(Math.min(seconds,MAX))));
}
main.addEventListener('click',function(){if(state==='recording')stop();else if(state==='idle'||state==='ready')start();});
listen.addEventListener('click',function(){
  if(!audio)return;
  if(audio.paused){audio.play();listen.textContent=S.stopListening;}
  else{audio.pause();audio.currentTime=0;listen.textContent=S.listen;}
});
del.addEventListener('click',function(){clear();state='idle';main.textContent=S.start;say(S.deleted);main.focus();});
main.focus();
start();
})();
`;

function stringsFor(language: Language) {
  const t = translator(language);
  return {
    locale: LOCALES[language],
    start: t('recorder.start'),
    stop: t('recorder.stop'),
    listen: t('recorder.listen'),
    stopListening: t('recorder.stopListening'),
    del: t('recorder.delete'),
    again: t('recorder.again'),
    max: t('recorder.max'),
    elapsed: t('recorder.elapsed'),
    starting: t('recorder.state.starting'),
    recording: t('recorder.state.recording'),
    ready: t('recorder.state.ready'),
    limit: t('recorder.state.limit'),
    deleted: t('recorder.state.deleted'),
    denied: t('recorder.error.denied'),
    missing: t('recorder.error.missing'),
    failed: t('recorder.error.failed'),
  };
}

// `</` never appears in JSON.stringify of these strings' use: the file is served as JS, not inlined.
export const recorderJs = Object.fromEntries(
  LANGUAGES.map((language) => [language, source.replace('__STRINGS__', JSON.stringify(stringsFor(language)))]),
) as Record<Language, string>;
