'use client';

import { useEffect, useState } from 'react';
import { toString as qrSvg } from 'qrcode';

/** The join address as a QR code a phone's camera opens, drawn as SVG in the browser. */
export function JoinQr({ address, label }: { address: string; label: string }) {
  const [svg, setSvg] = useState<{ address: string; svg: string } | null>(null);
  useEffect(() => {
    let current = true;
    void qrSvg(address, { type: 'svg', margin: 1, errorCorrectionLevel: 'M' }).then((made) => {
      if (current) setSvg({ address, svg: made });
    });
    return () => {
      current = false;
    };
  }, [address]);
  return (
    <div
      className="join-qr"
      role="img"
      aria-label={label}
      // The library's own SVG of a URL this page made; no user text reaches it but the room code.
      dangerouslySetInnerHTML={{ __html: svg?.address === address ? svg.svg : '' }}
    />
  );
}
