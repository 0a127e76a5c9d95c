'use strict';
// Stands in for ssh2, gRPC and protobufjs in the bundled CLI: dockerode loads them for ssh:// hosts and
// BuildKit builds and sessions, none of which Shipshape uses. Any use fails loudly instead of silently.
const fail = () => {
  throw new Error('this Docker feature (ssh:// hosts, BuildKit sessions) is not available in Shipshape');
};
module.exports = new Proxy(
  {},
  {
    get: (_target, key) =>
      key === '__esModule'
        ? false
        : function unsupported() {
            fail();
          },
  },
);
