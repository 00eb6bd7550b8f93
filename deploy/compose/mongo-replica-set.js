// Healthcheck of the compose `mongo` service (mongosh --quiet --norc this-file).
//
// First run: initiates the one-member replica set rs0, naming the member `mongo:27017`, the
// address every container uses (mongodb://mongo:27017/?replicaSet=rs0). Later runs only look.
// Exit 0 only when this node is the writable primary: services that depend on
// `condition: service_healthy` then start against an elected primary, so transactions work.
const REPLICA_SET = "rs0";
const MEMBER = "mongo:27017";

let initiated = true;
try {
  rs.status();
} catch (error) {
  if (error.codeName !== "NotYetInitialized" && error.code !== 94) {
    throw error;
  }
  initiated = false;
}

if (!initiated) {
  try {
    rs.initiate({ _id: REPLICA_SET, members: [{ _id: 0, host: MEMBER }] });
    print(`initiated replica set ${REPLICA_SET} with member ${MEMBER}`);
  } catch (error) {
    // A concurrent healthcheck run may have initiated it first (AlreadyInitialized, code 23).
    if (error.codeName !== "AlreadyInitialized" && error.code !== 23) {
      throw error;
    }
  }
}

const hello = db.hello();
if (hello.setName !== REPLICA_SET || !hello.isWritablePrimary) {
  print(`replica set ${hello.setName ?? "(none)"}: not the writable primary yet`);
  quit(1);
}
