// The simulator speaks Africa's Talking's USSD protocol: a form POST per hop with the session id,
// service code, phone number and `text`, every input so far joined by '*'. CON keeps the session open.
// It posts to /simulator/ussd and /simulator/sms: the host passes them on to the real callbacks itself,
// so the page never holds the callback secret.
(function () {
  const $ = (id) => document.getElementById(id);
  let config = { serviceCode: '*384*1919#' };
  let session = null; // { id, inputs: [] }

  function setOpen(open) {
    $('input').disabled = !open; $('send').disabled = !open; $('drop').disabled = !open;
    if (open) $('input').focus();
  }

  async function hop() {
    const form = new URLSearchParams({
      sessionId: session.id, serviceCode: $('code').value, phoneNumber: $('phone').value,
      networkCode: '63902', text: session.inputs.join('*'),
    });
    const url = '/simulator/ussd';
    $('status').textContent = 'Sending...';
    let body;
    try {
      const response = await fetch(url, { method: 'POST', body: form });
      body = await response.text();
      if (!response.ok) { $('screen').textContent = 'Error ' + response.status + ': ' + body; setOpen(false); session = null; $('status').textContent = ''; return; }
    } catch (e) {
      $('screen').textContent = 'Network error: ' + e.message; setOpen(false); session = null; $('status').textContent = ''; return;
    }
    const open = body.startsWith('CON ');
    $('screen').textContent = body.slice(4);
    $('status').textContent = (open ? 'Session open' : 'Session ended') + ' - ' + body.slice(4).length + ' characters';
    setOpen(open);
    if (!open) session = null;
  }

  $('dial').addEventListener('click', () => {
    session = { id: 'sim-' + Date.now() + '-' + Math.random().toString(36).slice(2, 8), inputs: [] };
    hop();
  });
  $('reply').addEventListener('submit', (e) => {
    e.preventDefault();
    if (!session) return;
    session.inputs.push($('input').value.trim());
    $('input').value = '';
    hop();
  });
  $('drop').addEventListener('click', () => {
    session = null; setOpen(false);
    $('screen').textContent = 'Connection problem or invalid MMI code.';
    $('status').textContent = 'Dropped without END: dial again within a few minutes to continue.';
  });

  // SMS: the page posts Africa's Talking's incoming-message callback, then shows the phone's inbox.
  const shown = [];
  function renderSms() {
    const list = $('sms-inbox');
    list.textContent = '';
    for (const m of shown) {
      const li = document.createElement('li');
      li.className = m.mine ? 'mine' : 'reply';
      li.textContent = m.text;
      list.appendChild(li);
    }
    list.scrollTop = list.scrollHeight; // the newest message in view, as on a phone
  }
  async function refreshInbox() {
    const r = await fetch('/simulator/sms/inbox?phone=' + encodeURIComponent($('phone').value));
    if (!r.ok) return;
    const inbox = await r.json();
    for (const m of inbox.reverse()) {
      if (!shown.some((s) => s.id === m.id)) shown.push({ id: m.id, text: m.text, mine: false });
    }
    renderSms();
  }
  $('sms-form').addEventListener('submit', async (e) => {
    e.preventDefault();
    const text = $('sms-text').value.trim();
    if (!text) return;
    $('sms-text').value = '';
    shown.push({ id: 'me-' + Date.now(), text, mine: true });
    renderSms();
    const form = new URLSearchParams({
      from: $('phone').value, to: '1919', text, id: 'SIMX' + Date.now() + Math.random().toString(36).slice(2, 8),
      date: new Date().toISOString(), linkId: '', networkCode: '63902',
    });
    const url = '/simulator/sms';
    const r = await fetch(url, { method: 'POST', body: form });
    if (!r.ok) { shown.push({ id: 'err-' + Date.now(), text: 'Error ' + r.status + ': ' + await r.text(), mine: false }); renderSms(); return; }
    // The reply is queued and sent just after the callback's 200: look until it arrives (a few seconds at most).
    const before = shown.length;
    for (let i = 0; i < 20 && shown.length === before; i++) {
      await refreshInbox();
      if (shown.length === before) await new Promise((done) => setTimeout(done, 250));
    }
  });

  fetch('/simulator/config').then((r) => r.json()).then((c) => {
    config = c;
    $('code').value = c.serviceCode;
    if (!$('phone').value) $('phone').value = c.demoPhone;
    if (c.demoDocuments) {
      $('demo').hidden = false;
      $('demo-phone').textContent = c.demoPhone;
      const rows = $('demo-docs').querySelector('tbody');
      for (const d of c.demoDocuments) {
        const tr = document.createElement('tr');
        for (const v of [d.type, d.number, d.status, d.reference]) { const td = document.createElement('td'); td.textContent = v; tr.appendChild(td); }
        rows.appendChild(tr);
      }
    }
    document.body.dataset.ready = 'true';
  });
})();
