export { main, run } from "./main";
