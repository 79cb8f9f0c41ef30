// 防重复提交: a form of the workspace is sent once, however many times its button is clicked while the page waits
// for the answer. A second click sent a second command: a task registered twice, a progress report recorded
// twice, or a claim refused with "未能办理" after the first had been accepted. A page brought back by the browser's
// back button may send its forms again. No inline script: the pages' CSP forbids it.
//
// A file input that says how many files and how large (data-max-files, data-max-bytes) is checked before sending: a
// form too large for the server is refused before its body is read, and what was typed beside the files was lost.
(function () {
  'use strict';

  function tooLarge(input) {
    var most = Number(input.getAttribute('data-max-files'));
    var largest = Number(input.getAttribute('data-max-bytes'));
    var files = input.files || [];
    if (most && files.length > most) {
      return true;
    }
    for (var i = 0; i < files.length; i++) {
      if (largest && files[i].size > largest) {
        return true;
      }
    }
    return false;
  }

  document.addEventListener('change', function (event) {
    var input = event.target;
    if (input && input.hasAttribute && input.hasAttribute('data-max-bytes')) {
      input.setCustomValidity(tooLarge(input) ? input.getAttribute('data-too-large') : '');
    }
  });

  document.addEventListener('submit', function (event) {
    var form = event.target;
    if (event.defaultPrevented || !form || (form.getAttribute('method') || '').toLowerCase() !== 'post') {
      return;
    }
    var inputs = form.querySelectorAll('input[type=file][data-max-bytes]');
    for (var i = 0; i < inputs.length; i++) {
      if (tooLarge(inputs[i])) {
        event.preventDefault();
        inputs[i].setCustomValidity(inputs[i].getAttribute('data-too-large'));
        inputs[i].reportValidity();
        return;
      }
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
