// The migrations list refreshes itself while one of them runs.
(function () {
  var running = Array.prototype.some.call(document.querySelectorAll('#migrations .status'), function (cell) {
    return ['STARTING', 'STARTED', 'STOPPING'].indexOf(cell.textContent.trim()) >= 0;
  });
  if (running) {
    setTimeout(function () { location.reload(); }, 2000);
  }
})();
