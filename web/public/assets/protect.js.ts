/**
 * The proof of work, as progressive enhancement. While the person writes, the browser
 * fetches an ALTCHA challenge bound to this form (GET /altcha/challenge, same origin) and
 * solves it with altcha-lib's SHA-256 scheme: SHA-256(salt ‖ nonce ‖ counter as uint32 BE),
 * `cost` rounds, until the key starts with the signed prefix. The server verifies the
 * result with altcha-lib itself (web/public/protect.ts).
 *
 * Why not the ALTCHA widget: it is about 30 KB compressed (the page budget is 14 KB), it
 * shows an "I'm not a robot" checkbox (a step, in its own words, for everyone), and its
 * strings are not ours to translate. Here nothing is shown unless the person sends before
 * the work is done; then a polite status says so, and after at most ten seconds the form
 * goes anyway: without a solution the server applies a lower rate limit, it never refuses.
 * No timer ever clears or blocks what was typed. Without JavaScript none of this runs.
 *
 * The hashing runs in a Web Worker (pow-worker.js, same origin, fetched only when the work
 * starts), so the page never stalls while the person types: on a 4× slowed phone CPU the
 * solve used to take the main thread in tasks of well over 50 ms (docs/performance.md). A
 * browser without workers solves on the page, a few hashes per task, yielding in between.
 */
/**
 * The search itself, shared by the worker and the page: SHA-256(salt ‖ nonce ‖ counter as
 * uint32 BE), `cost` rounds, for counters [from, from + count); resolves the first match or null.
 */
const solverJs = `var LIMIT=1<<24;
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
function solveBatch(p,from,count){
  var salt=unhex(p.salt),nonce=unhex(p.nonce),prefix=unhex(p.keyPrefix),work=[];
  for(var n=from;n<from+count;n++)work.push(derive(p,salt,nonce,n));
  return Promise.all(work).then(function(keys){
    for(var i=0;i<keys.length;i++)if(matches(keys[i],prefix))return {counter:from+i,derivedKey:hex(keys[i])};
    return null;
  });
}`;

/** The worker: solves the challenge parameters it is sent and posts back the match (or nothing). */
export const powWorkerJs = `'use strict';
${solverJs}
var BATCH=128;
self.onmessage=function(e){
  var p=e.data,from=0;
  function next(){
    if(from>LIMIT)return self.postMessage(null);
    solveBatch(p,from,BATCH).then(function(found){
      if(found)return self.postMessage(found);
      from+=BATCH;next();
    },function(){self.postMessage(null);});
  }
  next();
};
`;

export const protectJs = `(function(){
'use strict';
var form=document.querySelector('form[data-pow]');
if(!form||!window.crypto||!crypto.subtle||!window.fetch||!window.TextEncoder)return;
var url=form.getAttribute('data-pow'),started=false,payload=null,solving=null,waiting=false;
var MAX_WAIT=10000,SLICE=16;
var status=document.createElement('p');
status.className='hint';status.setAttribute('role','status');
var button=form.querySelector('button[type=submit],button:not([type])');
if(button)button.insertAdjacentElement('afterend',status);else form.appendChild(status);

var workerUrl=form.getAttribute('data-pow-worker');
${solverJs}
function solveHere(challenge){
  return new Promise(function(resolve,reject){
    var from=0;
    // A few hashes per task, then yield to the page: no task of ours may stall typing.
    function step(){solveBatch(challenge.parameters,from,SLICE).then(function(found){
      if(found)return resolve(found);
      from+=SLICE;if(from>LIMIT)return reject(new Error('unsolved'));setTimeout(step,0);
    },reject);}
    step();
  });
}
function solveInWorker(challenge){
  return new Promise(function(resolve,reject){
    var worker=new Worker(workerUrl);
    worker.onmessage=function(e){worker.terminate();if(e.data&&e.data.counter!==undefined)resolve(e.data);else reject(new Error('unsolved'));};
    worker.onerror=function(e){e.preventDefault();worker.terminate();solveHere(challenge).then(resolve,reject);};
    worker.postMessage(challenge.parameters);
  });
}
function solve(challenge){
  var p=challenge.parameters;
  if(p.algorithm!=='SHA-256'||p.keyPrefix.length%2)return Promise.reject(new Error('unsupported'));
  var t0=Date.now();
  return (window.Worker&&workerUrl?solveInWorker(challenge):solveHere(challenge)).then(function(found){
    var solution={counter:found.counter,derivedKey:found.derivedKey,time:Date.now()-t0};
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
// In a task of its own: the tap or key that starts it is the browser's to answer first.
function begin(){if(!started){started=true;setTimeout(start,0);}}
['focusin','input','change','pointerdown'].forEach(function(type){form.addEventListener(type,begin,{once:true});});
form.addEventListener('submit',function(e){
  if(waiting){e.preventDefault();return;}
  if(fresh()){attach();return;}
  e.preventDefault();
  waiting=true;
  status.textContent=form.getAttribute('data-pow-checking')||'';
  var done=false;
  function send(){if(done)return;done=true;attach();status.textContent='';waiting=false;
    // The sender (send.js) takes the send when it is there; otherwise the plain post.
    if(form.dispatchEvent(new CustomEvent('mashura:send',{cancelable:true})))form.submit();}
  setTimeout(send,MAX_WAIT);
  start().then(send,send);
});
})();
`;
