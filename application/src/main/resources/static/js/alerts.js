// 预警: refreshes the alert feed of /alerts without reloading the page. The server renders the list
// (/alerts/feed, the same fragment the page holds); this swaps it in when the feed's head moved and
// says in the live region how many alerts arrived. No inline script: the pages' CSP forbids it.
(function () {
  'use strict';
  var region = document.getElementById('alert-region');
  var status = document.getElementById('alert-status');
  if (!region || !status || !window.fetch) {
    return;
  }
  var source = region.getAttribute('data-source');
  var every = Math.max(1, Number(region.getAttribute('data-refresh-seconds')) || 15) * 1000;

  function head(list) {
    return Number(list.getAttribute('data-head')) || 0;
  }

  function refresh() {
    fetch(source, { credentials: 'same-origin', headers: { Accept: 'text/html', 'X-Requested-With': 'XMLHttpRequest' } })
      .then(function (response) {
        if (!response.ok) {
          throw new Error('HTTP ' + response.status);
        }
        return response.text();
      })
      .then(function (html) {
        var fresh = new DOMParser().parseFromString(html, 'text/html').getElementById('alert-feed');
        var shown = document.getElementById('alert-feed');
        if (!fresh) {
          // A signed-out session is answered with the sign-in page: say the list is no longer live.
          status.textContent = status.getAttribute('data-stale');
          return;
        }
        var arrived = head(fresh) - head(shown);
        if (arrived !== 0) {
          shown.replaceWith(document.importNode(fresh, true));
          if (arrived > 0) {
            status.textContent = status.getAttribute('data-new').replace('{0}', String(arrived));
          }
        }
      })
      .catch(function () {
        status.textContent = status.getAttribute('data-stale');
      })
      .then(function () {
        window.setTimeout(refresh, every);
      });
  }

  window.setTimeout(refresh, every);
}());
