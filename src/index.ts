import { registerRoot } from "remotion";
import { RemotionRoot } from "./compositions/Root";

registerRoot(RemotionRoot);
