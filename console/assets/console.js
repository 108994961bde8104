// Progressive enhancement for the console: every page works without it. With it, the parts of a
// page marked data-live (with an id) refresh every few seconds from the same URL, without a reload,
// and SLA countdowns tick.
(function () {
  'use strict';
  var refreshMs = 3000;

  function countdowns() {
    var now = Date.now();
    document.querySelectorAll('time[data-due]').forEach(function (el) {
      var ms = Date.parse(el.getAttribute('datetime')) - now;
      var abs = Math.abs(ms);
      var h = Math.floor(abs / 3600000);
      var m = Math.floor((abs % 3600000) / 60000);
      var text = (h >= 48 ? Math.floor(h / 24) + ' d ' + (h % 24) + ' h' : h + ' h ' + m + ' min');
      el.textContent = ms >= 0 ? 'due in ' + text : 'overdue by ' + text;
      el.className = ms >= 0 ? 'due' : 'overdue';
    });
  }

  function refresh() {
    var live = document.querySelectorAll('[data-live][id]');
    if (live.length === 0) return;
    fetch(location.href, { headers: { 'X-Console-Refresh': '1' }, credentials: 'same-origin' })
      .then(function (res) { return res.ok ? res.text() : null; })
      .then(function (text) {
        if (!text) return;
        var fresh = new DOMParser().parseFromString(text, 'text/html');
        live.forEach(function (el) {
          var next = fresh.getElementById(el.id);
          // Never pull the ground from under someone typing or choosing in a form.
          if (!next || el.contains(document.activeElement) || el.innerHTML === next.innerHTML) return;
          el.innerHTML = next.innerHTML;
        });
        countdowns();
        document.dispatchEvent(new CustomEvent('console:refreshed'));
      })
      .catch(function () { /* the next tick tries again */ });
  }

  document.addEventListener('DOMContentLoaded', function () {
    countdowns();
    setInterval(countdowns, 15000);
    setInterval(refresh, refreshMs);
  });
})();
