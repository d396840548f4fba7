// What other packages' tests use to run the real server: the built server in its own process,
// and a stand-in for the Pyroscope server behind the gateway.

export { type AgentPush, runAgent } from "./agent.js";
export {
  type Answer,
  echo,
  htmlPage,
  type RecordedRequest,
  type RecordingUpstream,
  startRecordingUpstream,
} from "./recording-upstream.js";
export {
  cheapHashFlags,
  type ServerProcess,
  type ServerProcessOptions,
  serverMain,
  startServerProcess,
} from "./server-process.js";
