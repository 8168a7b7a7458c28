// The admin page: plain JavaScript over /admin/api. Every change sends the anti-forgery token.
(async () => {
  const $ = (s, root = document) => root.querySelector(s);
  const csrf = (await (await fetch('/admin/api/csrf')).json()).token;
  $('#logout input').value = csrf;
  $('#who').textContent = 'Signed in as ' + (await (await fetch('/admin/api/whoami')).json()).name;
  const post = (url, body, json = true) => fetch(url, {
    method: 'POST', body: json ? JSON.stringify(body) : body,
    headers: json ? { 'Content-Type': 'application/json', 'X-CSRF-TOKEN': csrf } : { 'X-CSRF-TOKEN': csrf },
  });
  const text = (el, value) => { el.textContent = value; return el; };

  // Import: upload, then poll the status until it is done.
  $('#import-form').addEventListener('submit', async e => {
    e.preventDefault();
    const response = await post('/admin/api/imports', new FormData(e.target), false);
    const started = await response.json();
    if (!response.ok) { text($('#import-text'), started.detail || 'refused'); $('#import-status').hidden = false; return; }
    $('#import-status').hidden = false;
    $('#import-report').hidden = true;
    $('#import-bad').replaceChildren();
    for (;;) {
      const s = await (await fetch('/admin/api/imports/' + started.id)).json();
      const pct = s.totalBytes ? Math.round(100 * s.bytesRead / s.totalBytes) : 0;
      $('#import-progress').value = s.state === 'running' ? pct : 100;
      text($('#import-text'), s.state === 'running' ? `${s.rows} rows read (${pct}%)`
        : s.state === 'failed' ? 'Failed: ' + s.error : (s.dryRun ? 'Dry run finished: nothing was written.' : 'Import finished.'));
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

  async function refreshAccounts() {
    const list = await (await fetch('/admin/api/accounts')).json();
    $('#account-list tbody').replaceChildren(...list.map(a => {
      const row = document.createElement('tr');
      row.append(text(document.createElement('td'), a.name), text(document.createElement('td'), a.role),
        text(document.createElement('td'), a.disabled ? 'disabled' : 'active'));
      const b = text(document.createElement('button'), a.disabled ? 'Enable' : 'Disable');
      b.onclick = async () => { await post(`/admin/api/accounts/${a.name}/disabled/${!a.disabled}`, {}); refreshAccounts(); };
      const cell = document.createElement('td'); cell.append(b); row.append(cell);
      return row;
    }));
  }

  $('#account-form').addEventListener('submit', async e => {
    e.preventDefault();
    const response = await post('/admin/api/accounts', Object.fromEntries(new FormData(e.target)));
    text($('#account-error'), response.ok ? '' : (await response.json()).detail);
    if (response.ok) { e.target.reset(); refreshAccounts(); }
  });

  refreshReminders();
  refreshAccounts();
  setInterval(refreshReminders, 10000);
})();
