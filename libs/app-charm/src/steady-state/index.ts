export { type SteadyApp, steadyApp } from "./steady-app";
