// The simulator's voice tab speaks Africa's Talking's voice protocol: a form POST per step of the call
// (sessionId, isActive, callerNumber, dtmfDigits), answered with voice XML. It shows every <Say> and
// <Play> (with the sentence a played file holds) and plays the audio files in order. It posts to
// /simulator/voice, which the host passes on to /voice/africastalking itself (the page holds no secret).
(function () {
  const $ = (id) => document.getElementById(id);
  let call = null;        // { id, started, digits, expect: { hash, numDigits } }
  let texts = {};         // audio file name -> the sentence it holds
  let playing = Promise.resolve();

  function log(text, cls) {
    const li = document.createElement('li'); li.textContent = text; if (cls) li.className = cls;
    $('voice-log').appendChild(li); li.scrollIntoView({ block: 'nearest' });
  }
  function setLive(live) {
    $('hangup').disabled = !live; $('wait').disabled = !live; $('call').disabled = live;
    for (const b of $('keypad').querySelectorAll('button')) b.disabled = !live;
  }

  async function post(fields) {
    const form = new URLSearchParams(Object.assign({
      sessionId: call.id, direction: 'Inbound', callerNumber: $('phone').value, destinationNumber: '+254711082919',
    }, fields));
    const url = '/simulator/voice';
    const r = await fetch(url, { method: 'POST', body: form });
    const body = await r.text();
    if (!r.ok) { log('Error ' + r.status + ': ' + body, 'error'); end(); return null; }
    return new DOMParser().parseFromString(body, 'application/xml').documentElement;
  }

  function play(url) {
    playing = playing.then(() => new Promise((done) => {
      const a = new Audio(url); a.onended = done; a.onerror = done; a.play().catch(done);
    }));
  }

  // What the call says next, and what it waits for.
  function show(response) {
    if (!response) return;
    call.expect = null;
    const say = (node) => {
      if (node.nodeName === 'Say') log(node.textContent, 'said');
      if (node.nodeName === 'Play') {
        const url = node.getAttribute('url'); const file = url.split('/').pop();
        log('♪ ' + (texts[file] || file), 'played'); play(new URL(url).pathname);
      }
    };
    for (const node of Array.from(response.children)) {
      if (node.nodeName === 'GetDigits') {
        Array.from(node.children).forEach(say);
        call.expect = { hash: node.getAttribute('finishOnKey') === '#', numDigits: Number(node.getAttribute('numDigits') || 0) };
      } else if (node.nodeName === 'Dial') {
        log('Transferring to an agent: ' + node.getAttribute('phoneNumbers'), 'transfer');
      } else say(node);
    }
    if (!call.expect) { log('(the call ends)', 'meta'); end(); }
    else log(call.expect.hash ? '(type the number, then #)' : '(press a key)', 'meta');
  }

  async function send(digits) {
    $('voice-typed').textContent = '';
    log('You pressed ' + (digits || 'nothing'), 'mine');
    show(await post({ isActive: '1', dtmfDigits: digits }));
  }

  function end() {
    if (call && call.id) post({ isActive: '0', durationInSeconds: String(Math.round((Date.now() - call.started) / 1000)), hangupCause: 'NORMAL_CLEARING' });
    call = null; setLive(false); $('voice-typed').textContent = '';
  }

  $('call').addEventListener('click', async () => {
    $('voice-log').textContent = '';
    call = { id: 'SIMV' + Date.now() + Math.random().toString(36).slice(2, 8), started: Date.now(), digits: '' };
    setLive(true);
    show(await post({ isActive: '1' }));
  });
  $('hangup').addEventListener('click', () => { log('You hung up', 'mine'); end(); });
  $('wait').addEventListener('click', () => { if (call) send(''); });
  $('keypad').addEventListener('click', (e) => {
    if (!call || !call.expect || e.target.nodeName !== 'BUTTON') return;
    const key = e.target.textContent;
    if (call.expect.hash) {
      if (key === '#') { const d = call.digits; call.digits = ''; send(d); }
      else { call.digits += key; $('voice-typed').textContent = call.digits; }
    } else send(key);
  });

  // A key typed while the keypad has focus presses that key (and focuses it, as a finger would).
  $('keypad').addEventListener('keydown', (e) => {
    if (e.ctrlKey || e.altKey || e.metaKey) return;
    const button = Array.from($('keypad').querySelectorAll('button')).find((b) => b.textContent === e.key);
    if (!button || button.disabled) return;
    e.preventDefault();
    button.focus();
    button.click();
  });

  fetch('/simulator/config').then((r) => r.json()).then((c) => { texts = c.voicePrompts || {}; });
  setLive(false);
})();
