/**
 * The proof of work, as progressive enhancement. While the person writes, the browser
 * fetches an ALTCHA challenge bound to this form (GET /altcha/challenge, same origin) and
 * solves it with altcha-lib's SHA-256 scheme: SHA-256(salt ‖ nonce ‖ counter as uint32 BE),
 * `cost` rounds, until the key starts with the signed prefix. The server verifies the
 * result with altcha-lib itself (web/protect.ts).
 *
 * Why not the ALTCHA widget: it is about 30 KB compressed (the page budget is 14 KB), it
 * shows an "I'm not a robot" checkbox (a step, in its own words, for everyone), and its
 * strings are not ours to translate. Here nothing is shown unless the person sends before
 * the work is done; then a polite status says so, and after at most ten seconds the form
 * goes anyway: without a solution the server applies a lower rate limit, it never refuses.
 * No timer ever clears or blocks what was typed. Without JavaScript none of this runs.
 */
export const protectJs = `(function(){
'use strict';
var form=document.querySelector('form[data-pow]');
if(!form||!window.crypto||!crypto.subtle||!window.fetch||!window.TextEncoder)return;
var url=form.getAttribute('data-pow'),started=false,payload=null,solving=null,waiting=false;
var MAX_WAIT=10000,BATCH=128,LIMIT=1<<24;
var status=document.createElement('p');
status.className='hint';status.setAttribute('role','status');
var button=form.querySelector('button[type=submit],button:not([type])');
if(button)button.insertAdjacentElement('afterend',status);else form.appendChild(status);

function hex(bytes){var s='';for(var i=0;i<bytes.length;i++)s+=(bytes[i]<16?'0':'')+bytes[i].toString(16);return s;}
function unhex(h){var b=new Uint8Array(h.length/2);for(var i=0;i<b.length;i++)b[i]=parseInt(h.substr(i*2,2),16);return b;}
function derive(p,salt,nonce,n){
  var data=new Uint8Array(salt.length+nonce.length+4);
  data.set(salt,0);data.set(nonce,salt.length);
  new DataView(data.buffer).setUint32(salt.length+nonce.length,n,false);
  var rounds=Math.max(1,p.cost|0),alg=p.algorithm;
  function round(d,i){return crypto.subtle.digest(alg,d).then(function(r){r=new Uint8Array(r);return i+1<rounds?round(r,i+1):r;});}
  return round(data,0).then(function(key){return key.slice(0,p.keyLength||32);});
}
function matches(key,prefix){for(var i=0;i<prefix.length;i++)if(key[i]!==prefix[i])return false;return true;}
function solve(challenge){
  var p=challenge.parameters,salt=unhex(p.salt),nonce=unhex(p.nonce),prefix=unhex(p.keyPrefix),t0=Date.now();
  if(p.algorithm!=='SHA-256'||p.keyPrefix.length%2)return Promise.reject(new Error('unsupported'));
  function batch(from){
    if(from>LIMIT)return Promise.reject(new Error('unsolved'));
    var work=[];
    for(var n=from;n<from+BATCH;n++)work.push(derive(p,salt,nonce,n));
    return Promise.all(work).then(function(keys){
      for(var i=0;i<keys.length;i++)if(matches(keys[i],prefix))
        return {counter:from+i,derivedKey:hex(keys[i]),time:Date.now()-t0};
      return batch(from+BATCH);
    });
  }
  return batch(0).then(function(solution){
    return {expiresAt:p.expiresAt||0,value:btoa(JSON.stringify({challenge:{parameters:p,signature:challenge.signature},solution:solution}))};
  });
}
function fresh(){return payload&&(!payload.expiresAt||payload.expiresAt*1000>Date.now()+60000);}
function start(){
  if(solving)return solving;
  started=true;
  solving=fetch(url,{credentials:'same-origin',headers:{accept:'application/json'}})
    .then(function(r){if(!r.ok)throw new Error('challenge '+r.status);return r.json();})
    .then(solve)
    .then(function(result){payload=result;return result;})
    .catch(function(){return null;})
    .then(function(result){solving=null;return result;});
  return solving;
}
function attach(){
  var input=form.querySelector('input[name=altcha]');
  if(!input){input=document.createElement('input');input.type='hidden';input.name='altcha';form.appendChild(input);}
  input.value=fresh()?payload.value:'';
}
function begin(){if(!started)start();}
['focusin','input','change','pointerdown'].forEach(function(type){form.addEventListener(type,begin,{once:true});});
form.addEventListener('submit',function(e){
  if(waiting){e.preventDefault();return;}
  if(fresh()){attach();return;}
  e.preventDefault();
  waiting=true;
  status.textContent=form.getAttribute('data-pow-checking')||'';
  var done=false;
  function send(){if(done)return;done=true;attach();status.textContent='';waiting=false;form.submit();}
  setTimeout(send,MAX_WAIT);
  start().then(send,send);
});
})();
`;
