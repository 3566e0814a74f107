// Ed25519 signatures with node:crypto; a key is known by the SHA-256 of its SPKI public key.
import { createPrivateKey, createPublicKey, type KeyObject, sign, verify } from "node:crypto";
import { InputError } from "@pim-audit/model";
import { sha256Hex } from "./manifest.js";

export function keyIdOf(publicKey: KeyObject): string {
  return `sha256:${sha256Hex(publicKey.export({ type: "spki", format: "der" }))}`;
}

export function loadSigningKey(pem: string): { privateKey: KeyObject; publicKey: KeyObject } {
  let privateKey: KeyObject;
  try {
    privateKey = createPrivateKey(pem);
  } catch (error) {
    throw new InputError("FLAG_INVALID", "--sign-key is not a PEM private key.", {
      hint: "Give an Ed25519 key, e.g. from `openssl genpkey -algorithm ed25519 -out key.pem`.",
      cause: error,
    });
  }
  if (privateKey.asymmetricKeyType !== "ed25519") {
    throw new InputError("FLAG_INVALID", `--sign-key is a ${privateKey.asymmetricKeyType} key, not Ed25519.`, {
      hint: "Give an Ed25519 key, e.g. from `openssl genpkey -algorithm ed25519 -out key.pem`.",
    });
  }
  return { privateKey, publicKey: createPublicKey(privateKey) };
}

export function loadPublicKey(pem: string): KeyObject {
  let key: KeyObject;
  try {
    key = createPublicKey(pem);
  } catch (error) {
    throw new InputError("FLAG_INVALID", "--public-key is not a PEM public key.", {
      hint: "Give the Ed25519 public key of the signing key (`openssl pkey -in key.pem -pubout`).",
      cause: error,
    });
  }
  if (key.asymmetricKeyType !== "ed25519") {
    throw new InputError("FLAG_INVALID", `--public-key is a ${key.asymmetricKeyType} key, not Ed25519.`, {
      hint: "Give the Ed25519 public key of the signing key (`openssl pkey -in key.pem -pubout`).",
    });
  }
  return key;
}

export function signBytes(privateKey: KeyObject, data: Buffer): string {
  return sign(null, data, privateKey).toString("base64");
}

export function verifyBytes(publicKey: KeyObject, data: Buffer, signatureBase64: string): boolean {
  try {
    return verify(null, data, publicKey, Buffer.from(signatureBase64, "base64"));
  } catch {
    return false;
  }
}
