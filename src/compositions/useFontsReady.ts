import { useEffect, useState } from "react";
import { continueRender, delayRender } from "remotion";
import { fontsLoaded } from "./fonts";

/** Holds the frame until the bundled fonts are in, so text is measured and drawn with them. */
export function useFontsReady() {
  const [handle] = useState(() => delayRender("Loading the bundled fonts"));
  const [ready, setReady] = useState(false);
  useEffect(() => {
    fontsLoaded.then(
      () => {
        setReady(true);
        continueRender(handle);
      },
      (error: Error) => {
        throw error;
      },
    );
  }, [handle]);
  return ready;
}
