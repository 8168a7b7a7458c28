// The phone's channels on tabs, as the WAI-ARIA tabs pattern has them: the selected tab is the one tab stop
// in the list (roving tabindex), Left/Right (wrapping), Home and End move to a tab and show its panel at once,
// and each panel is itself focusable, so Tab goes from the tab to what it shows.
(function () {
  const tabs = Array.from(document.querySelectorAll('.phone-tabs [role=tab]'));

  function select(tab, focus) {
    for (const t of tabs) {
      const selected = t === tab;
      t.setAttribute('aria-selected', String(selected));
      t.tabIndex = selected ? 0 : -1;
      document.getElementById(t.getAttribute('aria-controls')).hidden = !selected;
    }
    if (focus) tab.focus();
  }

  for (const tab of tabs) {
    tab.addEventListener('click', () => select(tab, true));
    tab.addEventListener('keydown', (e) => {
      const i = tabs.indexOf(tab);
      const next = { ArrowRight: tabs[(i + 1) % tabs.length], ArrowLeft: tabs[(i - 1 + tabs.length) % tabs.length],
        Home: tabs[0], End: tabs[tabs.length - 1] }[e.key];
      if (!next) return;
      e.preventDefault();
      select(next, true);
    });
  }
})();
