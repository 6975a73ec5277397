/**
 * The little JavaScript there is, all progressive enhancement: every page works without
 * it. Served as a file so the CSP can forbid inline script.
 */

/**
 * Where the sender keeps the optional locked draft (send.js.ts); the quick exit here deletes
 * it. Defined here, the script every page loads, so the staff pages' copy of this script
 * does not bring the form's sender with it.
 */
export const DRAFT_STORAGE_KEY = 'mashura-draft';

export const siteJs = `(function(){
'use strict';
var doc=document;

/* Leave this page quickly: replace history so Back does not return here; Shift three times too.
   Only Shift pressed on its own counts: Shift+Tab (moving back through the page) or Shift
   for a capital letter must never throw anyone off the page, and any other key resets. */
var exit=doc.querySelector('[data-exit]');
/* A draft the person chose to keep on this device (send.js) goes with the quick exit. */
function leave(){if(!exit)return;try{localStorage.removeItem('${DRAFT_STORAGE_KEY}');}catch(e){}var url=exit.getAttribute('href');doc.title='';doc.body.textContent='';window.location.replace(url);}
if(exit){
  exit.addEventListener('click',function(e){e.preventDefault();leave();});
  var presses=0,timer,chord=false;
  doc.addEventListener('keyup',function(e){
    if(e.key==='Shift'&&!chord){
      presses+=1;clearTimeout(timer);timer=setTimeout(function(){presses=0;},1000);
      if(presses>=3)leave();
    }else{presses=0;clearTimeout(timer);}
    chord=e.key!=='Shift'&&e.shiftKey;
  });
}

/* The sender (send.js: resending after a dropped connection, the locked draft) loads when
   the form is first used, or at once when a draft waits on this device: the first load of
   the form stays small, and a form sent before it arrives simply posts. */
var sendForm=doc.querySelector('form[data-send]');
if(sendForm){
  var senderLoaded=false,draftWaiting=false;
  var loadSender=function(){
    if(senderLoaded)return;senderLoaded=true;
    // After the tap or key that asked for it has been answered, in a task of its own.
    setTimeout(function(){
      var script=doc.createElement('script');script.src=sendForm.getAttribute('data-send');doc.head.appendChild(script);
    },0);
  };
  try{draftWaiting=!!localStorage.getItem('${DRAFT_STORAGE_KEY}');}catch(e){}
  if(draftWaiting)loadSender();
  else ['focusin','pointerdown','input'].forEach(function(type){sendForm.addEventListener(type,loadSender,{once:true});});
}

/* The error summary gets focus once the page has loaded, not through autofocus: Orca 43
   says nothing at all on a page whose focus moved while it was loading, and reads a
   role="alert" summary in pieces (docs/accessibility.md). Focus moved after the load is
   announced as "<heading>, region", then read in order. Never taken from a person who has
   already moved on. Its links focus their field and bring the question into view. */
var summary=doc.querySelector('.error-summary');
if(summary){
  var focusSummary=function(){setTimeout(function(){
    if(!doc.activeElement||doc.activeElement===doc.body)summary.focus();
  },0);};
  if(doc.readyState==='complete')focusSummary();else window.addEventListener('load',focusSummary);
  summary.addEventListener('click',function(e){
    var link=e.target.closest&&e.target.closest('a[href^="#"]');
    if(!link)return;
    var input=doc.getElementById(link.getAttribute('href').slice(1));
    if(!input)return;
    e.preventDefault();
    var legend=input.closest('fieldset');
    legend=legend&&legend.querySelector('legend');
    var label=legend||doc.querySelector('label[for="'+input.id+'"]');
    (label||input).scrollIntoView();
    input.focus({preventScroll:true});
  });
}

/* Table wrappers are Tab stops so keyboards can scroll them (the server sends tabindex=0,
   which is right without script); a wrapper that does not overflow is an empty stop. */
var scrollers=doc.querySelectorAll('.table-scroll');
function fitScrollers(){
  for(var i=0;i<scrollers.length;i++){
    var region=scrollers[i];
    if(region.scrollWidth>region.clientWidth+1)region.setAttribute('tabindex','0');
    else if(region!==doc.activeElement)region.removeAttribute('tabindex');
  }
}
if(scrollers.length){fitScrollers();window.addEventListener('resize',fitScrollers);}

/* Character count: the visible count follows each key; the spoken one waits for a pause. */
var box=doc.querySelector('[data-char-count]');
if(box){
  var area=box.querySelector('textarea');
  var visible=box.querySelector('[data-count-visible]');
  var live=box.querySelector('[data-count-live]');
  var max=Number(box.getAttribute('data-max'));
  var locale=box.getAttribute('data-locale');
  var forms={remaining:JSON.parse(box.getAttribute('data-remaining')),over:JSON.parse(box.getAttribute('data-over'))};
  var rules=new Intl.PluralRules(locale),numbers=new Intl.NumberFormat(locale,/^ar/.test(locale)?{useGrouping:'min2'}:{});
  var pause;
  function text(){
    var left=max-area.value.length,n=Math.abs(left);
    var set=left<0?forms.over:forms.remaining;
    var t=set[rules.select(n)]||set.other;
    return {over:left<0,text:t.replace('{n}',numbers.format(n))};
  }
  function update(){
    var s=text();
    visible.textContent=s.text;
    visible.classList.toggle('over',s.over);
    clearTimeout(pause);
    pause=setTimeout(function(){live.textContent=s.text;},1000);
  }
  var s0=text();visible.textContent=s0.text;visible.classList.toggle('over',s0.over);
  area.addEventListener('input',update);
}

/* The voice recorder (issue 19) is offered only where it can work, and loaded only when chosen. */
var voice=doc.querySelector('[data-voice]');
if(voice&&window.MediaRecorder&&window.DataTransfer&&navigator.mediaDevices){
  var record=voice.querySelector('[data-record-open]');
  record.hidden=false;
  record.addEventListener('click',function(){
    if(voice.getAttribute('data-loading'))return;
    voice.setAttribute('data-loading','1');
    var script=doc.createElement('script');script.src=voice.getAttribute('data-recorder');doc.head.appendChild(script);
  });
}
})();
`;
