// Passkeys on Latchkey's pages (SPEC §10). Loaded with the page's CSP nonce; does nothing where
// WebAuthn is missing, so the link and code keep working everywhere.
(function () {
    'use strict';
    if (!window.PublicKeyCredential || !PublicKeyCredential.parseRequestOptionsFromJSON) {
        return;
    }

    function csrfHeaders() {
        var token = document.querySelector('meta[name="_csrf"]');
        var header = document.querySelector('meta[name="_csrf_header"]');
        var headers = {'Content-Type': 'application/json', 'Accept': 'application/json'};
        if (token && header) {
            headers[header.content] = token.content;
        }
        return headers;
    }

    async function post(url, body) {
        var response = await fetch(url, {method: 'POST', headers: csrfHeaders(), credentials: 'same-origin',
            body: JSON.stringify(body || {})});
        var json = {};
        try {
            json = await response.json();
        } catch (e) {
            json = {error: 'Something went wrong. Try again.'};
        }
        return {status: response.status, json: json};
    }

    function say(id, text) {
        var box = document.getElementById(id);
        if (box) {
            box.textContent = text;
            box.hidden = !text;
        }
    }

    // Sign in: a button, and the browser's autofill on the email field (conditional mediation).
    var signInButton = document.getElementById('passkey-sign-in');
    var pending = null;

    async function signIn(conditional) {
        if (pending) {
            pending.abort();
        }
        var controller = new AbortController();
        pending = controller;
        var options = await post('/login/passkey/options');
        var credential;
        try {
            credential = await navigator.credentials.get({
                publicKey: PublicKeyCredential.parseRequestOptionsFromJSON(options.json.publicKey),
                mediation: conditional ? 'conditional' : 'optional', signal: controller.signal});
        } catch (e) {
            if (!conditional && e.name !== 'AbortError') {
                say('passkey-error', 'No passkey was used. Try again, or get a link by email.');
            }
            return;
        }
        var next = document.querySelector('input[name="next"]');
        var result = await post('/login/passkey' + (next ? '?next=' + encodeURIComponent(next.value) : ''),
            {credential: credential.toJSON()});
        if (result.json.redirect) {
            window.location.assign(result.json.redirect);
        } else {
            say('passkey-error', result.json.error);
        }
    }

    if (signInButton) {
        document.getElementById('passkey-sign-in-block').hidden = false;
        // After a link or code sign-in, the server offers a passkey only where one can be made here.
        PublicKeyCredential.isUserVerifyingPlatformAuthenticatorAvailable().then(function (available) {
            if (available) {
                post('/login/passkey/capable');
            }
        });
        signInButton.addEventListener('click', function () { signIn(false); });
        var email = document.querySelector('input[autocomplete~="webauthn"]');
        if (email && PublicKeyCredential.isConditionalMediationAvailable) {
            PublicKeyCredential.isConditionalMediationAvailable().then(function (available) {
                if (available) {
                    email.dataset.passkeyAutofill = 'on';
                    signIn(true);
                }
            });
        }
    }

    // Add a passkey: on the account page and on the offer after a link or code sign-in.
    var addButton = document.getElementById('passkey-add');

    async function add() {
        say('passkey-error', '');
        addButton.disabled = true;
        try {
            var options = await post('/account/passkeys/options');
            if (options.json.redirect) {
                window.location.assign(options.json.redirect);
                return;
            }
            var credential;
            try {
                credential = await navigator.credentials.create({
                    publicKey: PublicKeyCredential.parseCreationOptionsFromJSON(options.json.publicKey)});
            } catch (e) {
                say('passkey-error', 'No passkey was added.');
                return;
            }
            var label = document.getElementById('passkey-label');
            var result = await post('/account/passkeys', {credential: credential.toJSON(),
                label: label ? label.value : ''});
            if (result.json.redirect) {
                window.location.assign(result.json.redirect);
            } else {
                say('passkey-error', result.json.error);
            }
        } finally {
            addButton.disabled = false;
        }
    }

    if (addButton) {
        addButton.hidden = false;
        addButton.addEventListener('click', add);
    }

    // The offer shows only where this device can hold a passkey; elsewhere it moves straight on.
    var offer = document.getElementById('passkey-offer');
    if (offer) {
        PublicKeyCredential.isUserVerifyingPlatformAuthenticatorAvailable().then(function (available) {
            if (available) {
                offer.hidden = false;
            } else {
                document.getElementById('passkey-offer-skip').submit();
            }
        });
    }
})();
