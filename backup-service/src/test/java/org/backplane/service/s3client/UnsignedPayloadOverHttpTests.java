package org.backplane.service.s3client;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.HexFormat;

import org.junit.jupiter.api.Test;
import software.amazon.awssdk.http.SdkHttpMethod;
import software.amazon.awssdk.http.SdkHttpRequest;
import software.amazon.awssdk.http.auth.aws.signer.AwsV4HttpSigner;
import software.amazon.awssdk.http.auth.spi.signer.SignRequest;
import software.amazon.awssdk.http.auth.spi.signer.SignedRequest;
import software.amazon.awssdk.identity.spi.AwsCredentialsIdentity;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The signer of {@link UnsignedPayloadOverHttp} on its own; that servers accept what it
 * signs is shown by every S3 integration test, which all talk to S3Proxy over http.
 */
class UnsignedPayloadOverHttpTests {

	private static final byte[] BODY = "a part's bytes".getBytes(StandardCharsets.UTF_8);

	private final AwsV4HttpSigner signer = new UnsignedPayloadOverHttp().signer();

	@Test
	void aBodyOverHttpIsNotHashedIntoTheSignatureAndStillGoesOverHttp() {
		SignedRequest signed = this.signer.sign(request("http", 9000));
		assertThat(signed.request().firstMatchingHeader("x-amz-content-sha256")).contains("UNSIGNED-PAYLOAD");
		assertThat(signed.request().protocol()).isEqualTo("http");
		assertThat(signed.request().port()).isEqualTo(9000);
		assertThat(signed.request().firstMatchingHeader("Host")).contains("127.0.0.1:9000");
		assertThat(signed.request().firstMatchingHeader("Authorization")).hasValueSatisfying(
				(authorization) -> assertThat(authorization).startsWith("AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/"));
	}

	@Test
	void onPort80TheBodyIsSignedAsTheSdkSignsIt() throws Exception {
		SignedRequest signed = this.signer.sign(request("http", 80));
		String sha256 = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(BODY));
		assertThat(signed.request().firstMatchingHeader("x-amz-content-sha256")).contains(sha256);
		assertThat(signed.request().protocol()).isEqualTo("http");
	}

	@Test
	void overHttpsNothingChanges() {
		SignedRequest ours = this.signer.sign(request("https", 9443));
		SignedRequest sdks = AwsV4HttpSigner.create().sign(request("https", 9443));
		assertThat(ours.request().firstMatchingHeader("x-amz-content-sha256"))
			.isEqualTo(sdks.request().firstMatchingHeader("x-amz-content-sha256"))
			.contains("UNSIGNED-PAYLOAD");
		assertThat(ours.request().protocol()).isEqualTo("https");
	}

	private static SignRequest<AwsCredentialsIdentity> request(String protocol, int port) {
		SdkHttpRequest http = SdkHttpRequest.builder()
			.protocol(protocol)
			.host("127.0.0.1")
			.port(port)
			.method(SdkHttpMethod.PUT)
			.encodedPath("/bucket/key")
			.putHeader("Content-Length", String.valueOf(BODY.length))
			.build();
		return SignRequest.builder(AwsCredentialsIdentity.create("AKIDEXAMPLE", "secret"))
			.request(http)
			.payload(() -> new ByteArrayInputStream(BODY))
			.putProperty(AwsV4HttpSigner.SERVICE_SIGNING_NAME, "s3")
			.putProperty(AwsV4HttpSigner.REGION_NAME, "us-east-1")
			.putProperty(AwsV4HttpSigner.PAYLOAD_SIGNING_ENABLED, false)
			.build();
	}

}
