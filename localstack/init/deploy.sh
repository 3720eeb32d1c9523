#!/usr/bin/env bash
# Deploys infra/template.yaml to the LocalStack this runs in (or next to), exactly as it is
# deployed to AWS: package (upload the Lambda artifact), then deploy the SAM template.
#
# Runs as a LocalStack ready hook (docker-compose.yml) or by hand with awslocal on the PATH.
# Expects the repository layout under TRIBUTARY_HOME (default /opt/tributary):
#   $TRIBUTARY_HOME/infra/template.yaml, $TRIBUTARY_HOME/functions/target/tributary-lambda.jar
set -euo pipefail

home="${TRIBUTARY_HOME:-/opt/tributary}"
stack="${TRIBUTARY_STACK:-tributary}"
prefix="${TRIBUTARY_NAME_PREFIX:-tributary}"
artifacts="${stack}-deployment-artifacts"
aws="${AWSLOCAL:-awslocal}"

if [ ! -f "$home/functions/target/tributary-lambda.jar" ]; then
  echo "tributary-deploy: $home/functions/target/tributary-lambda.jar is missing; run ./mvnw install -DskipTests first" >&2
  exit 1
fi

$aws s3 mb "s3://$artifacts" >/dev/null 2>&1 || true
$aws cloudformation package \
  --template-file "$home/infra/template.yaml" \
  --s3-bucket "$artifacts" \
  --output-template-file /tmp/tributary-packaged.yaml
$aws cloudformation deploy \
  --template-file /tmp/tributary-packaged.yaml \
  --stack-name "$stack" \
  --parameter-overrides "NamePrefix=$prefix" \
  --capabilities CAPABILITY_IAM CAPABILITY_AUTO_EXPAND \
  --no-fail-on-empty-changeset
$aws cloudformation describe-stacks --stack-name "$stack" \
  --query 'Stacks[0].Outputs[].[OutputKey,OutputValue]' --output text
echo "tributary-deploy: stack $stack is ready"
