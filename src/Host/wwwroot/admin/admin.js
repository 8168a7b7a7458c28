// The admin page: plain JavaScript over /admin/api. Every change sends the anti-forgery token.
(async () => {
  const $ = (s, root = document) => root.querySelector(s);
  const csrf = (await (await fetch('/admin/api/csrf')).json()).token;
  const post = (url, body, json = true) => fetch(url, {
    method: 'POST', body: json ? JSON.stringify(body) : body,
    headers: json ? { 'Content-Type': 'application/json', 'X-CSRF-TOKEN': csrf } : { 'X-CSRF-TOKEN': csrf },
  });
  const text = (el, value) => { el.textContent = value; return el; };

  // Import: upload, then poll the status until it is done. Each upload starts from a clean slate: the
  // previous file's report goes, and a refusal or failure is shown as an error, without a progress bar.
  const importFailed = message => {
    $('#import-progress').hidden = true;
    text($('#import-text'), '');
    text($('#import-error'), message).hidden = false;
  };
  $('#import-form').addEventListener('submit', async e => {
    e.preventDefault();
    $('#import-status').hidden = false;
    $('#import-report').hidden = true;
    $('#import-bad').replaceChildren();
    $('#import-error').hidden = true;
    $('#import-progress').hidden = false;
    $('#import-progress').value = 0;
    text($('#import-text'), 'Uploading…');
    const response = await post('/admin/api/imports', new FormData(e.target), false);
    const started = await response.json().catch(() => ({}));
    if (!response.ok) { importFailed('Not imported: ' + (started.detail || `the host answered ${response.status}`)); return; }
    for (;;) {
      const s = await (await fetch('/admin/api/imports/' + started.id)).json();
      if (s.state === 'failed') { importFailed('Failed: ' + s.error); break; }
      const pct = s.totalBytes ? Math.round(100 * s.bytesRead / s.totalBytes) : 0;
      $('#import-progress').value = s.state === 'running' ? pct : 100;
      text($('#import-text'), s.state === 'running' ? `${s.rows} rows read (${pct}%)`
        : (s.dryRun ? 'Dry run finished: nothing was written.' : 'Import finished.'));
      if (s.state !== 'running') {
        if (s.report) {
          const r = s.report;
          const values = { rows: r.rows, created: r.created, updated: r.updated, unchanged: r.unchanged, refused: s.refused };
          for (const [k, v] of Object.entries(values)) text($(`#import-report [data-k="${k}"]`), v);
          $('#import-report').hidden = false;
          $('#import-bad').replaceChildren(...r.bad.slice(0, 500).map(b => text(document.createElement('li'), `line ${b.line}: ${b.reason}`)));
        }
        refreshReminders();
        break;
      }
      await new Promise(r => setTimeout(r, 500));
    }
  });

  async function refreshReminders() {
    const data = await (await fetch('/admin/api/reminders')).json();
    for (const [k, v] of Object.entries(data.queue)) { const cell = $(`[data-q="${k}"]`); if (cell) text(cell, v); }
    $('#held tbody').replaceChildren(...data.held.map(h => {
      const row = document.createElement('tr');
      row.append(text(document.createElement('td'), h.document), text(document.createElement('td'), '#' + (h.sequence + 1)),
        text(document.createElement('td'), h.record ? new Date(h.record.at).toLocaleString() : ''), text(document.createElement('td'), h.record?.note || ''));
      const actions = document.createElement('td');
      for (const [label, action] of [['Resend', 'resend'], ['Count as sent', 'sent']]) {
        const b = text(document.createElement('button'), label);
        b.onclick = async () => { await post(`/admin/api/reminders/held/${encodeURIComponent(h.member)}/${action}`, {}); refreshReminders(); };
        actions.append(b);
      }
      row.append(actions);
      return row;
    }));
  }

  async function refreshVoiceAudio() {
    const a = await (await fetch('/admin/api/voice-audio')).json();
    text($('#voice-audio-summary'), `${a.sentences} sentences: ${a.recorded} recorded, ${a.synthetic} synthetic (not yet recorded), ${a.missing} without audio (spoken by text-to-speech). Files in ${a.directory}.`);
  }
  refreshVoiceAudio();

  async function refreshAccounts() {
    const list = await (await fetch('/admin/api/accounts')).json();
    $('#account-list tbody').replaceChildren(...list.map(a => {
      const row = document.createElement('tr');
      row.dataset.account = a.name;
      // The languages an agent works in, changed on the spot: each box saves at once.
      const languages = document.createElement('td');
      for (const [code, label] of [['en', 'English'], ['sw', 'Kiswahili']]) {
        const box = document.createElement('input');
        box.type = 'checkbox'; box.value = code; box.checked = (a.languages || ['en']).includes(code);
        box.setAttribute('aria-label', `${a.name} works in ${label}`);
        box.onchange = async () => {
          const chosen = [...languages.querySelectorAll('input:checked')].map(x => x.value);
          const response = await post(`/admin/api/accounts/${a.name}/languages`, { languages: chosen });
          text($('#account-error'), response.ok ? '' : (await response.json()).detail);
          refreshAccounts();
        };
        const l = document.createElement('label'); l.append(box, ' ' + code); languages.append(l, ' ');
      }
      row.append(text(document.createElement('td'), a.name), text(document.createElement('td'), a.displayName || a.name), text(document.createElement('td'), a.role),
        languages, text(document.createElement('td'), a.disabled ? 'disabled' : 'active'));
      const b = text(document.createElement('button'), a.disabled ? 'Enable' : 'Disable');
      b.onclick = async () => { await post(`/admin/api/accounts/${a.name}/disabled/${!a.disabled}`, {}); refreshAccounts(); };
      const cell = document.createElement('td'); cell.append(b); row.append(cell);
      return row;
    }));
  }

  $('#account-form').addEventListener('submit', async e => {
    e.preventDefault();
    const form = new FormData(e.target);
    const response = await post('/admin/api/accounts', { ...Object.fromEntries(form), languages: form.getAll('languages') });
    text($('#account-error'), response.ok ? '' : (await response.json()).detail);
    if (response.ok) { e.target.reset(); refreshAccounts(); }
  });

  // Campaigns: the form's choices come from the content; the list and chart refresh while the page is open.
  const content = await (await fetch('/admin/api/content')).json();
  $('#campaign-form select[name=centres]').replaceChildren(...content.centres.map(c => {
    const o = text(document.createElement('option'), c.name); o.value = c.id; return o;
  }));
  $('#campaign-types').append(...content.documents.map(d => {
    const label = document.createElement('label'), box = document.createElement('input');
    box.type = 'checkbox'; box.name = 'types'; box.value = d.id;
    label.append(box, ' ' + d.name); return label;
  }));
  $('#campaign-form').addEventListener('submit', async e => {
    e.preventDefault();
    const f = e.target;
    const body = {
      name: f.name.value, readyForAtLeastDays: Number(f.days.value),
      centres: [...f.centres.selectedOptions].map(o => o.value),
      documentTypes: [...f.querySelectorAll('input[name=types]:checked')].map(b => b.value),
    };
    const response = await post('/admin/api/campaigns', body);
    text($('#campaign-error'), response.ok ? '' : (await response.json()).detail);
    if (response.ok) { f.reset(); refreshCampaigns(); }
  });

  // The newest campaign's days; with nothing counted yet (or no campaign), the axes and "no data yet".
  function chart(days) {
    const svg = $('#campaign-chart svg'), max = Math.max(1, ...days.flatMap(d => [d.sent, d.delivered, d.collected]));
    const x = i => days.length < 2 ? 300 : 20 + i * 560 / (days.length - 1), y = v => 180 - v * 160 / max;
    const svgNode = (tag, attrs, content) => {
      const n = document.createElementNS('http://www.w3.org/2000/svg', tag);
      for (const [k, v] of Object.entries(attrs)) n.setAttribute(k, v);
      if (content != null) n.textContent = content;
      return n;
    };
    const axes = [svgNode('line', { x1: 20, y1: 180, x2: 580, y2: 180, stroke: '#999' }), svgNode('line', { x1: 20, y1: 20, x2: 20, y2: 180, stroke: '#999' })];
    if (!days.some(d => d.sent || d.delivered || d.collected)) {
      svg.replaceChildren(...axes, svgNode('text', { x: 300, y: 105, 'text-anchor': 'middle', fill: '#666' }, 'no data yet'));
      return;
    }
    const line = (key, colour) => {
      const p = document.createElementNS('http://www.w3.org/2000/svg', 'polyline');
      p.setAttribute('points', days.map((d, i) => `${x(i)},${y(d[key])}`).join(' '));
      p.setAttribute('fill', 'none'); p.setAttribute('stroke', colour); p.setAttribute('stroke-width', '3');
      p.dataset.metric = key;
      return p;
    };
    const dots = days.length === 1 ? ['sent', 'delivered', 'collected'].map((k, j) => {
      const c = document.createElementNS('http://www.w3.org/2000/svg', 'circle');
      c.setAttribute('cx', x(0) + (j - 1) * 12); c.setAttribute('cy', y(days[0][k])); c.setAttribute('r', 5);
      c.setAttribute('fill', ['#0b5d1e', '#1f6feb', '#c2410c'][j]); return c;
    }) : [];
    svg.replaceChildren(...axes, line('sent', '#0b5d1e'), line('delivered', '#1f6feb'), line('collected', '#c2410c'), ...dots);
  }

  // "running, 0 sent" at night is the quiet hours: say so, and when sending starts (the host's local time).
  const campaignState = r => r.held
    ? `${r.campaign.state}: held by the quiet hours, sending starts at ${r.held.until.slice(11, 16)} (${r.held.timeZone}) on ${r.held.until.slice(0, 10)}`
    : r.campaign.state;

  async function refreshCampaigns() {
    const list = await (await fetch('/admin/api/campaigns')).json();
    $('#campaign-list tbody').replaceChildren(...list.map(r => {
      const row = document.createElement('tr');
      for (const v of [r.campaign.name, campaignState(r), r.campaign.selected, r.totals.sent, r.totals.delivered, r.totals.failed, r.totals.collected])
        row.append(text(document.createElement('td'), v));
      row.dataset.campaign = r.campaign.id;
      return row;
    }));
    chart(list.length > 0 ? list[0].days : []);
  }

  await Promise.all([refreshReminders(), refreshAccounts(), refreshCampaigns()]);
  document.body.dataset.ready = 'true';
  setInterval(() => { refreshReminders(); refreshCampaigns(); }, 5000);
})();
