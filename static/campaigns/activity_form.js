/* The activity form: choosing a task fills an empty channel with the task's (issue 25). The task box is the
   admin's autocomplete (select2, on django.jQuery); its URL to ask a task's channel is on the select, in
   data-channel-url ("…/task/0/hinh-thuc/", 0 replaced by the task's id). The server does the same when the
   channel is left empty (Activity.clean), so this only shows the officer the channel before saving. */
'use strict';
(function () {
  function fill(taskSelect) {
    const channel = document.getElementById('id_channel');
    const template = taskSelect.dataset.channelUrl;
    const taskId = taskSelect.value;
    if (!channel || channel.value || !template || !/^\d+$/.test(taskId)) {
      return;
    }
    fetch(template.replace('/0/', '/' + taskId + '/'), {credentials: 'same-origin', headers: {'Accept': 'application/json'}})
      .then(function (response) { return response.ok ? response.json() : null; })
      .then(function (data) {
        if (data && data.channel && !channel.value) {
          channel.value = String(data.channel);
          channel.dispatchEvent(new Event('change', {bubbles: true}));
        }
      })
      .catch(function () { /* the server fills it on save */ });
  }

  function start() {
    const taskSelect = document.getElementById('id_task');
    if (!taskSelect) {
      return;
    }
    const $ = window.django && window.django.jQuery;
    if ($) {
      $(taskSelect).on('select2:select change', function () { fill(taskSelect); });
    } else {
      taskSelect.addEventListener('change', function () { fill(taskSelect); });
    }
  }

  if (document.readyState === 'loading') {
    document.addEventListener('DOMContentLoaded', start);
  } else {
    start();
  }
})();
