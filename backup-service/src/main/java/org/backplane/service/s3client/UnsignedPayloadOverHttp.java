package org.backplane.service.s3client;

import java.util.concurrent.CompletableFuture;

import software.amazon.awssdk.http.SdkHttpRequest;
import software.amazon.awssdk.http.auth.aws.scheme.AwsV4AuthScheme;
import software.amazon.awssdk.http.auth.aws.signer.AwsV4FamilyHttpSigner;
import software.amazon.awssdk.http.auth.aws.signer.AwsV4HttpSigner;
import software.amazon.awssdk.http.auth.spi.signer.AsyncSignRequest;
import software.amazon.awssdk.http.auth.spi.signer.AsyncSignedRequest;
import software.amazon.awssdk.http.auth.spi.signer.SignRequest;
import software.amazon.awssdk.http.auth.spi.signer.SignedRequest;
import software.amazon.awssdk.identity.spi.AwsCredentialsIdentity;
import software.amazon.awssdk.identity.spi.IdentityProvider;
import software.amazon.awssdk.identity.spi.IdentityProviders;

/**
 * SigV4 as the SDK signs over https, also over plain http: the body is sent as
 * {@code UNSIGNED-PAYLOAD} instead of being hashed into the signature.
 * <p>
 * Over http the SDK always signs the payload, whatever its settings say: every byte
 * uploaded is hashed with SHA-256 once more by the service (the signature needs the hash
 * before the request is sent) and once more by the server, which checks it. For a local
 * MinIO or S3Proxy over http, that doubled the server's CPU per byte uploaded and made
 * uploads of node snapshots and buckets markedly slower than rclone's against the same
 * server (docs/benchmarks.md). The integrity the signed payload gave is kept otherwise:
 * every object's SHA-256 is recorded and checked when it is verified or restored, and the
 * CRC32 checksum the SDK sends by default ({@code checksums=when_supported}) is checked
 * by the server.
 * <p>
 * The request is signed as if it went over https (the same host header, the same port)
 * and then sent over http: the signature covers the method, path, query, headers and
 * payload hash, not the scheme. On the default ports 80 and 443 the host header would
 * differ between the two schemes, so such requests are signed as the SDK signs them.
 */
final class UnsignedPayloadOverHttp implements AwsV4AuthScheme {

	private final AwsV4AuthScheme delegate = AwsV4AuthScheme.create();

	private final AwsV4HttpSigner signer = new Signer(this.delegate.signer());

	@Override
	public String schemeId() {
		return this.delegate.schemeId();
	}

	@Override
	public IdentityProvider<AwsCredentialsIdentity> identityProvider(IdentityProviders providers) {
		return this.delegate.identityProvider(providers);
	}

	@Override
	public AwsV4HttpSigner signer() {
		return this.signer;
	}

	/**
	 * Whether a request is signed as over https and sent over http.
	 * @param request the request
	 * @return whether it goes over http to a port other than 80 and 443
	 */
	static boolean signedAsOverHttps(SdkHttpRequest request) {
		int port = request.port();
		return "http".equals(request.protocol()) && port != 80 && port != 443;
	}

	private record Signer(AwsV4HttpSigner delegate) implements AwsV4HttpSigner {

		@Override
		public SignedRequest sign(SignRequest<? extends AwsCredentialsIdentity> request) {
			SdkHttpRequest http = request.request();
			if (!signedAsOverHttps(http)) {
				return this.delegate.sign(request);
			}
			int port = http.port();
			SignedRequest signed = this.delegate
				.sign(request.copy((copy) -> copy.request(http.toBuilder().protocol("https").port(port).build())
					.putProperty(AwsV4FamilyHttpSigner.PAYLOAD_SIGNING_ENABLED, false)));
			return signed
				.copy((copy) -> copy.request(signed.request().toBuilder().protocol("http").port(port).build()));
		}

		@Override
		public CompletableFuture<AsyncSignedRequest> signAsync(
				AsyncSignRequest<? extends AwsCredentialsIdentity> request) {
			// only synchronous clients are built here
			return this.delegate.signAsync(request);
		}

	}

}
