/**
 * Sending the form without losing it to a dropped connection (issue 19), as progressive
 * enhancement: without JavaScript the form posts as it always has.
 *
 * On Send the script takes `new FormData(form)` (so whatever the form holds goes, a recording
 * included, urlencoded or multipart alike), posts it with XMLHttpRequest (upload progress)
 * and keeps it in this page's memory only. A network failure, or no progress for `data-stall`
 * ms, is said plainly in the polite status; the same FormData is posted again when the
 * browser says it is back online, on a backoff (2 s doubling to a minute), and on "Try
 * again", until an answer arrives. Every attempt carries the same form token, which the
 * server turns into the same submission (a repeat gets the same confirmation, never a second
 * submission). Stored, the server answers the sender (its `Mashura-Sender` header) with 204
 * and the confirmation's path instead of a 303 that XMLHttpRequest would follow out of
 * sight, spending the one-time receipt; the page then goes there (by an empty GET form, so
 * the browser starts the navigation in its own task) as after a plain post,
 * with the receipt cookie set. Any other answer (the form with its errors, a limit reached)
 * replaces this document at its URL, as a plain post would show it.
 *
 * protect.js (the proof of work) runs first: when it holds the send back while the work
 * finishes, it asks for the send with a cancelable `mashura:send` event instead of
 * `form.submit()`, and this script takes it.
 *
 * The optional draft: only when the person presses "Keep a locked draft", after the warning.
 * The visible fields are encrypted with AES-GCM under a key derived (PBKDF2-SHA-256) from a
 * random 16-character code shown once to the person; the device keeps only salt, IV and
 * ciphertext (localStorage). The key lives in this page's memory, non-extractable. The
 * draft is deleted when the confirmation arrives, on "Delete", and by the quick exit
 * (site.js). docs/security.md explains the choice.
 */
import { DRAFT_STORAGE_KEY } from './site.js.ts';

export { DRAFT_STORAGE_KEY };
export const DRAFT_ITERATIONS = 310_000;
/** Set by the sender on its posts; a stored post then answers 204 with the confirmation's path. */
export const SENDER_HEADER = 'Mashura-Sender';
export const SENT_LOCATION_HEADER = 'Mashura-Location';

export const sendJs = `(function(){
'use strict';
var doc=document,form=doc.querySelector('form[data-send]'),box=doc.querySelector('[data-send-status]');
if(!form||!box||!window.FormData||!window.XMLHttpRequest)return;
var say=box.querySelector('[role=status]'),bar=box.querySelector('progress'),again=box.querySelector('button');
var text=function(name){return box.getAttribute('data-'+name)||'';};
var STALL=Number(box.getAttribute('data-stall'))||30000;
var percent=new Intl.NumberFormat(doc.documentElement.lang,{style:'percent'});
var data=null,xhr=null,timer=0,delay=0,step=-1,tries=0;
// Memory only: Chromium writes the value of a field it may autocomplete into its session
// files (restoring tabs after a restart); a message field marked off is left out of them.
var message=form.querySelector('textarea');if(message)message.setAttribute('autocomplete','off');

function failed(){
  xhr=null;bar.hidden=true;say.textContent=text('offline');again.hidden=false;
  clearTimeout(timer);delay=Math.min(delay?delay*2:2000,60000);timer=setTimeout(attempt,delay);
}
function progress(e){
  if(!e.lengthComputable||!e.total)return;
  var part=e.loaded/e.total;bar.hidden=false;bar.value=part;
  // Spoken at quarters only: a screen reader is told how it goes, not every percent.
  var quarter=Math.floor(part*4);
  if(quarter>step){step=quarter;say.textContent=text('progress').replace('{percent}',percent.format(quarter/4));}
}
function attempt(){
  if(xhr||!data)return;
  clearTimeout(timer);
  var request=new XMLHttpRequest(),stall=0;
  xhr=request;tries+=1;step=-1;
  function watch(){clearTimeout(stall);stall=setTimeout(function(){request.abort();},STALL);}
  function fail(){clearTimeout(stall);if(xhr===request)failed();}
  request.open('POST',form.action);
  request.setRequestHeader('${SENDER_HEADER}','1');
  request.upload.onprogress=function(e){watch();progress(e);};
  request.onprogress=watch;
  request.onerror=request.onabort=request.ontimeout=fail;
  request.onload=function(){
    clearTimeout(stall);
    // No answer from us (a proxy's gateway error carries none of our pages): still offline.
    if(!request.status||request.status===502||request.status===504)return fail();
    show(request);
  };
  say.textContent=text(tries>1?'retrying':'sending');
  watch();
  request.send(data);
}
function show(request){
  data=null;
  var sent=request.getResponseHeader('${SENT_LOCATION_HEADER}');
  // Stored: go to the confirmation as after the plain post's 303 (its cookie is set).
  if(sent){forget();go(sent);return;}
  // Anything else (the form with its errors, a limit reached) replaces this page at its URL.
  history.replaceState(null,'',request.responseURL||form.action);
  doc.open();doc.write(request.responseText);doc.close();
}
/* To the confirmation by a GET form's submission, not location.assign: a submission is
   planned and the browser starts the navigation in a task of its own, where assign starts it
   inside this listener (30-40 ms of Blink's work on a 4x slowed phone CPU). */
function go(path){var to=doc.createElement('form');to.method='get';to.action=path;to.hidden=true;doc.body.appendChild(to);to.submit();}
function send(){data=new FormData(form);again.hidden=true;delay=0;attempt();}
form.addEventListener('submit',function(e){if(e.defaultPrevented)return;e.preventDefault();send();});
form.addEventListener('mashura:send',function(e){e.preventDefault();send();});
again.addEventListener('click',function(){again.hidden=true;delay=0;attempt();});
window.addEventListener('online',function(){if(data&&!xhr){delay=0;attempt();}});

/* The draft, kept only on request and only as ciphertext. */
var KEY='${DRAFT_STORAGE_KEY}',ITERATIONS=${DRAFT_ITERATIONS},LETTERS='0123456789ABCDEFGHJKMNPQRSTVWXYZ';
var store=null;try{store=window.localStorage;}catch(e){}
var keep=doc.querySelector('[data-draft]'),found=doc.querySelector('[data-draft-found]'),secret=null;
function forget(){try{store&&store.removeItem(KEY);}catch(e){}secret=null;}
if(!keep||!found||!store||!window.crypto||!crypto.subtle||!window.TextEncoder)return;
var keptSay=keep.querySelector('[role=status]'),codeBox=keep.querySelector('[data-draft-code]');
var foundSay=found.querySelector('[role=status]'),codeInput=found.querySelector('input');
var b64=function(bytes){return btoa(String.fromCharCode.apply(null,new Uint8Array(bytes)));};
var unb64=function(s){return Uint8Array.from(atob(s),function(c){return c.charCodeAt(0);});};
function grouped(code){return code.replace(/(.{4})(?=.)/g,'$1-');}
function normal(code){return code.toUpperCase().replace(/[^0-9A-Z]/g,'').replace(/O/g,'0').replace(/[IL]/g,'1');}
function derive(code,salt){
  return crypto.subtle.importKey('raw',new TextEncoder().encode(normal(code)),'PBKDF2',false,['deriveKey']).then(function(base){
    return crypto.subtle.deriveKey({name:'PBKDF2',salt:salt,iterations:ITERATIONS,hash:'SHA-256'},base,{name:'AES-GCM',length:256},false,['encrypt','decrypt']);
  });
}
function fields(){
  var out=[];
  for(var i=0;i<form.elements.length;i++){
    var el=form.elements[i];
    if(!el.name||el.type==='hidden'||el.type==='file'||el.closest('[aria-hidden=true]'))continue;
    if((el.type==='radio'||el.type==='checkbox')&&!el.checked)continue;
    if(el.tagName==='BUTTON')continue;
    out.push([el.name,el.value]);
  }
  return out;
}
function fill(pairs){
  for(var i=0;i<form.elements.length;i++){var el=form.elements[i];if(el.type==='checkbox'||el.type==='radio')el.checked=false;}
  pairs.forEach(function(pair){
    var els=form.querySelectorAll('[name="'+pair[0]+'"]');
    for(var i=0;i<els.length;i++){
      var el=els[i];
      if(el.type==='checkbox'||el.type==='radio'){if(el.value===pair[1])el.checked=true;}
      else if(el.type!=='hidden'&&el.type!=='file')el.value=pair[1];
    }
    if(els[0])els[0].dispatchEvent(new Event('input',{bubbles:true}));
  });
}
function seal(){
  var iv=crypto.getRandomValues(new Uint8Array(12));
  var plain=new TextEncoder().encode(JSON.stringify(fields()));
  return crypto.subtle.encrypt({name:'AES-GCM',iv:iv},secret.key,plain).then(function(sealed){
    store.setItem(KEY,JSON.stringify({v:1,salt:b64(secret.salt),iv:b64(iv),data:b64(sealed)}));
  });
}
function shown(section){keep.hidden=section!==keep;found.hidden=section!==found;}
keep.querySelector('[data-draft-keep]').addEventListener('click',function(){
  var ready;
  if(secret)ready=Promise.resolve(null);
  else{
    var bytes=crypto.getRandomValues(new Uint8Array(16)),code='';
    for(var i=0;i<16;i++)code+=LETTERS[bytes[i]&31];
    var salt=crypto.getRandomValues(new Uint8Array(16));
    ready=derive(code,salt).then(function(key){secret={key:key,salt:salt};return code;});
  }
  ready.then(function(code){
    return seal().then(function(){
      if(code)codeBox.textContent=grouped(code);
      kept(true);keptSay.textContent=text('draft-kept');
    });
  }).catch(function(){forget();keptSay.textContent=text('draft-failed');});
});
found.querySelector('[data-draft-open]').addEventListener('click',function(){
  var saved;try{saved=JSON.parse(store.getItem(KEY));}catch(e){saved=null;}
  if(!saved)return shown(keep);
  var salt=unb64(saved.salt);
  derive(codeInput.value,salt).then(function(key){
    return crypto.subtle.decrypt({name:'AES-GCM',iv:unb64(saved.iv)},key,unb64(saved.data)).then(function(plain){
      fill(JSON.parse(new TextDecoder().decode(plain)));
      secret={key:key,salt:salt};codeBox.textContent=grouped(normal(codeInput.value));codeInput.value='';
      shown(keep);kept(true);keptSay.textContent=text('draft-restored');
    });
  }).catch(function(){foundSay.textContent=text('draft-wrong');codeInput.focus();});
});
function deleted(){forget();shown(keep);kept(false);keptSay.textContent=text('draft-deleted');}
function kept(on){codeBox.parentNode.hidden=!on;keepDelete.hidden=!on;}
var keepDelete=keep.querySelector('[data-draft-delete]');
keepDelete.addEventListener('click',deleted);
found.querySelector('[data-draft-delete]').addEventListener('click',deleted);
shown(store.getItem(KEY)?found:keep);
})();
`;
