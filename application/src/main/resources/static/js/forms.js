// 防重复提交: a form of the workspace is sent once, however many times its button is clicked while the page waits
// for the answer. A second click sent a second command: a task registered twice, a progress report recorded
// twice, or a claim refused with "未能办理" after the first had been accepted. A page brought back by the browser's
// back button may send its forms again. No inline script: the pages' CSP forbids it.
(function () {
  'use strict';
  document.addEventListener('submit', function (event) {
    var form = event.target;
    if (event.defaultPrevented || !form || (form.getAttribute('method') || '').toLowerCase() !== 'post') {
      return;
    }
    if (form.getAttribute('data-sent') === 'true') {
      event.preventDefault();
      return;
    }
    form.setAttribute('data-sent', 'true');
    form.setAttribute('aria-busy', 'true');
  });
  window.addEventListener('pageshow', function (event) {
    if (!event.persisted) {
      return;
    }
    var sent = document.querySelectorAll('form[data-sent]');
    for (var i = 0; i < sent.length; i++) {
      sent[i].removeAttribute('data-sent');
      sent[i].removeAttribute('aria-busy');
    }
  });
})();
