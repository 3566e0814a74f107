// A throwaway CA and a server certificate for 127.0.0.1/localhost, made at start-up with selfsigned.
import { generate } from "selfsigned";

export interface ServerCertificate {
  caCertPem: string;
  certPem: string;
  keyPem: string;
}

export async function createCertificate(realNow: Date): Promise<ServerCertificate> {
  const notBeforeDate = new Date(realNow.getTime() - 86_400_000);
  const notAfterDate = new Date(realNow.getTime() + 30 * 86_400_000);
  const ca = await generate([{ name: "commonName", value: "pim-audit Graph emulator CA" }], {
    keyType: "ec",
    curve: "P-256",
    algorithm: "sha256",
    notBeforeDate,
    notAfterDate,
    extensions: [
      { name: "basicConstraints", cA: true, critical: true },
      { name: "keyUsage", keyCertSign: true, cRLSign: true, digitalSignature: true, critical: true },
    ],
  });
  const server = await generate([{ name: "commonName", value: "127.0.0.1" }], {
    keyType: "ec",
    curve: "P-256",
    algorithm: "sha256",
    notBeforeDate,
    notAfterDate,
    ca: { key: ca.private, cert: ca.cert },
    extensions: [
      { name: "basicConstraints", cA: false },
      { name: "keyUsage", digitalSignature: true, keyEncipherment: true },
      { name: "extKeyUsage", serverAuth: true },
      {
        name: "subjectAltName",
        altNames: [
          { type: 7, ip: "127.0.0.1" },
          { type: 2, value: "localhost" },
        ],
      },
    ],
  });
  return { caCertPem: ca.cert, certPem: server.cert, keyPem: server.private };
}
