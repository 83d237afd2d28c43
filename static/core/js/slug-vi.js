/* The admin's prepopulated slug, in the server's terms (core.slugs.slugify_vi): Vietnamese letters lose
   their marks (ế → e, ư → u) and đ becomes d, before Django's URLify (which writes đ as "dj" and drops
   letters it has no mapping for). Loaded after admin/js/urlify.js by core.slugs.SlugFormField. */
'use strict';
{
    const djangoURLify = window.URLify;
    if (djangoURLify) {
        window.URLify = function(s, numChars, allowUnicode) {
            const plain = s.normalize('NFD').replace(/[\u0300-\u036f]/g, '')
                .replace(/đ/g, 'd').replace(/Đ/g, 'D');
            return djangoURLify(allowUnicode ? s : plain, numChars, allowUnicode);
        };
    }
}
