import * as grpc from '@grpc/grpc-js';
import { loadSync } from '@grpc/proto-loader';
import { FileDescriptorProto } from 'protobufjs/ext/descriptor';
import { dirname, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type BerthdWithGrpc, startBerthdWithGrpc } from './berthd-grpc';

interface ReflectionReply {
  listServicesResponse?: { service: { name: string }[] };
  fileDescriptorResponse?: { fileDescriptorProto: Buffer[] };
  errorResponse?: { errorCode: number; errorMessage: string };
}

/** The reflection client grpcurl uses: grpc.reflection.{v1,v1alpha}.ServerReflection, from the protos @grpc/reflection ships. */
function reflectionClient(address: string, version: 'v1' | 'v1alpha') {
  const root = join(dirname(require.resolve('@grpc/reflection/package.json')), 'build', 'proto');
  const definition = loadSync(`grpc/reflection/${version}/reflection.proto`, {
    includeDirs: [root],
    keepCase: false,
    defaults: true,
    oneofs: true,
  });
  const service = definition[`grpc.reflection.${version}.ServerReflection`] as grpc.ServiceDefinition;
  const Client = grpc.makeGenericClientConstructor(service, 'ServerReflection');
  const client = new Client(address, grpc.credentials.createInsecure()) as unknown as grpc.Client & {
    serverReflectionInfo(): grpc.ClientDuplexStream<Record<string, string>, ReflectionReply>;
  };
  const ask = (request: Record<string, string>): Promise<ReflectionReply> =>
    new Promise((resolve, reject) => {
      const stream = client.serverReflectionInfo();
      stream.once('data', (reply: ReflectionReply) => {
        resolve(reply);
        stream.end();
      });
      stream.once('error', reject);
      stream.write(request);
    });
  return { ask, close: () => client.close() };
}

let server: BerthdWithGrpc;
beforeAll(async () => {
  server = await startBerthdWithGrpc();
});
afterAll(async () => {
  await server?.stop();
});

describe('server reflection (what grpcurl list / describe use)', () => {
  it.each(['v1', 'v1alpha'] as const)(
    '%s lists the berth.v1 services and describes their methods',
    async (version) => {
      const reflection = reflectionClient(server.address, version);
      try {
        const listed = await reflection.ask({ listServices: '' });
        expect(listed.listServicesResponse!.service.map((s) => s.name)).toEqual(
          expect.arrayContaining([
            'berth.v1.Lifecycle',
            'berth.v1.Events',
            'berth.v1.Debug',
            'berth.v1.Admin',
          ]),
        );
        const file = await reflection.ask({ fileContainingSymbol: 'berth.v1.Lifecycle' });
        const descriptors = file.fileDescriptorResponse!.fileDescriptorProto.map(
          (bytes) =>
            FileDescriptorProto.decode(bytes) as unknown as {
              service: { name: string; method: { name: string }[] }[];
            },
        );
        const lifecycle = descriptors.flatMap((d) => d.service).find((s) => s.name === 'Lifecycle')!;
        expect(lifecycle.method.map((m) => m.name)).toEqual([
          'CreateContainer',
          'StartContainer',
          'StopContainer',
          'KillContainer',
          'PauseContainer',
          'UnpauseContainer',
          'RemoveContainer',
          'InspectContainer',
          'ListContainers',
        ]);
        const unknown = await reflection.ask({ fileContainingSymbol: 'berth.v1.Nope' });
        expect(unknown.errorResponse!.errorCode).toBe(grpc.status.NOT_FOUND);
      } finally {
        reflection.close();
      }
    },
  );
});
