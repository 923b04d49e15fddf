// Passkeys in the browser: the server's WebAuthn options (base64url text, as webauthn-rs
// sends them) into what `navigator.credentials` takes, and its answer back into JSON.
const b64 = {
  decode(text) {
    const s = text.replace(/-/g, "+").replace(/_/g, "/");
    const bin = atob(s + "===".slice((s.length + 3) % 4));
    return Uint8Array.from(bin, (c) => c.charCodeAt(0)).buffer;
  },
  encode(buffer) {
    let bin = "";
    for (const b of new Uint8Array(buffer)) bin += String.fromCharCode(b);
    return btoa(bin).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
  },
};

/// Whether this browser can make and use passkeys here.
export function supported() {
  return typeof window !== "undefined" && !!window.PublicKeyCredential && !!navigator.credentials;
}

/// A credential as the server reads it, with its `response` already encoded.
function asJson(cred, response) {
  return { id: cred.id, rawId: b64.encode(cred.rawId), type: cred.type, response, extensions: cred.getClientExtensionResults() };
}

function descriptors(list) {
  return (list || []).map((c) => ({ ...c, id: b64.decode(c.id) }));
}

/// Makes a passkey from the server's creation options; the credential as JSON.
export async function create(options) {
  const pk = options.publicKey;
  const cred = await navigator.credentials.create({
    publicKey: {
      ...pk,
      challenge: b64.decode(pk.challenge),
      user: { ...pk.user, id: b64.decode(pk.user.id) },
      excludeCredentials: descriptors(pk.excludeCredentials),
    },
  });
  const r = cred.response;
  return asJson(cred, {
    attestationObject: b64.encode(r.attestationObject),
    clientDataJSON: b64.encode(r.clientDataJSON),
    transports: r.getTransports ? r.getTransports() : undefined,
  });
}

/// Signs with a passkey from the server's request options; the assertion as JSON.
export async function get(options) {
  const pk = options.publicKey;
  const cred = await navigator.credentials.get({
    publicKey: { ...pk, challenge: b64.decode(pk.challenge), allowCredentials: descriptors(pk.allowCredentials) },
  });
  const r = cred.response;
  return asJson(cred, {
    authenticatorData: b64.encode(r.authenticatorData),
    clientDataJSON: b64.encode(r.clientDataJSON),
    signature: b64.encode(r.signature),
    userHandle: r.userHandle ? b64.encode(r.userHandle) : null,
  });
}
