import { useEffect, useState } from "react";

/** The otpauth URI as a QR code, drawn here in the browser: the secret goes to no other site. */
export function TotpQrCode({ uri }: { readonly uri: string }) {
  const [image, setImage] = useState<string>();
  useEffect(() => {
    let current = true;
    // Loaded only here: the login page's script stays without it.
    void import("qrcode")
      .then(({ toDataURL }) => toDataURL(uri, { margin: 1, width: 200 }))
      .then((url) => {
        if (current) setImage(url);
      });
    return () => {
      current = false;
    };
  }, [uri]);
  return image ? (
    <img
      src={image}
      width={200}
      height={200}
      alt="QR code of the secret for an authenticator app"
    />
  ) : null;
}
