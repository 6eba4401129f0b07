import { plainToInstance } from 'class-transformer';
import { validate, type ValidatorOptions } from 'class-validator';
import { CourseCreateOrderDto, CreateOrderDto, INT32_MAX, TOTAL_PRICE_TOO_LARGE_MESSAGE } from '../src';

// What NestJS's ValidationPipe does with { whitelist: true, forbidNonWhitelisted: true, transform: true }:
// plainToInstance (no implicit conversion), then validate with these options.
const PIPE_OPTIONS: ValidatorOptions = { whitelist: true, forbidNonWhitelisted: true };

type Dto = typeof CreateOrderDto | typeof CourseCreateOrderDto;

/** Messages by property; {} when the body is valid. */
async function errorsOf(dto: Dto, body: object): Promise<Record<string, string[]>> {
  const errors = await validate(plainToInstance(dto, body), PIPE_OPTIONS);
  return Object.fromEntries(errors.map((error) => [error.property, Object.values(error.constraints ?? {})]));
}

const VALID = { userId: 'user-1', productId: 'CATALOG-001', qty: 3, unitPrice: 1500 };
const { userId: _userId, ...COURSE_VALID } = VALID;

describe('CreateOrderDto', () => {
  it('accepts a valid body', async () => {
    expect(await errorsOf(CreateOrderDto, VALID)).toEqual({});
  });

  it('refuses a fractional qty', async () => {
    expect(await errorsOf(CreateOrderDto, { ...VALID, qty: 1.5 })).toEqual({ qty: ['qty must be an integer number'] });
  });

  it('refuses qty 0 and a negative unitPrice', async () => {
    expect(await errorsOf(CreateOrderDto, { ...VALID, qty: 0 })).toEqual({ qty: ['qty must not be less than 1'] });
    expect(await errorsOf(CreateOrderDto, { ...VALID, unitPrice: -1 })).toEqual({ unitPrice: ['unitPrice must not be less than 1'] });
  });

  it('refuses a numeric string instead of converting it', async () => {
    expect(await errorsOf(CreateOrderDto, { ...VALID, qty: '3' })).toEqual({ qty: ['qty must be an integer number'] });
  });

  it('refuses a qty beyond int32 on its own', async () => {
    expect(await errorsOf(CreateOrderDto, { ...VALID, qty: INT32_MAX + 1, unitPrice: 1 })).toEqual({
      qty: ['qty must not be greater than 2147483647'],
    });
  });

  it('refuses empty ids', async () => {
    expect(await errorsOf(CreateOrderDto, { ...VALID, userId: '' })).toEqual({ userId: ['userId should not be empty'] });
    expect(await errorsOf(CreateOrderDto, { ...VALID, productId: '' })).toEqual({ productId: ['productId should not be empty'] });
  });

  it('refuses a 121-character id and accepts 120', async () => {
    expect(await errorsOf(CreateOrderDto, { ...VALID, productId: 'p'.repeat(121) })).toEqual({
      productId: ['productId must be shorter than or equal to 120 characters'],
    });
    expect(await errorsOf(CreateOrderDto, { ...VALID, productId: 'p'.repeat(120) })).toEqual({});
  });

  it('refuses a missing or non-string id', async () => {
    const { userId: _omitted, ...withoutUser } = VALID;
    expect(await errorsOf(CreateOrderDto, withoutUser)).toEqual({ userId: ['userId must be a string'] });
    expect(await errorsOf(CreateOrderDto, { ...VALID, userId: 42 })).toEqual({ userId: ['userId must be a string'] });
  });

  it('refuses fields it does not know (forbidNonWhitelisted)', async () => {
    expect(await errorsOf(CreateOrderDto, { ...VALID, totalPrice: 4500 })).toEqual({
      totalPrice: ['property totalPrice should not exist'],
    });
  });

  it('refuses qty × unitPrice beyond int32', async () => {
    expect(await errorsOf(CreateOrderDto, { ...VALID, qty: 2, unitPrice: 1_073_741_824 })).toEqual({
      unitPrice: ['qty × unitPrice must not exceed 2147483647 (the total_price column is a 32-bit integer)'],
    });
    expect(await errorsOf(CreateOrderDto, { ...VALID, qty: 46_341, unitPrice: 46_341 })).toEqual({
      unitPrice: [TOTAL_PRICE_TOO_LARGE_MESSAGE],
    });
  });

  it('accepts qty × unitPrice exactly at and just below the limit', async () => {
    expect(await errorsOf(CreateOrderDto, { ...VALID, qty: 1, unitPrice: INT32_MAX })).toEqual({});
    expect(await errorsOf(CreateOrderDto, { ...VALID, qty: 2, unitPrice: 1_073_741_823 })).toEqual({});
  });

  it('reports only the broken factor, not the product, when a factor is invalid', async () => {
    expect(await errorsOf(CreateOrderDto, { ...VALID, qty: 0, unitPrice: INT32_MAX })).toEqual({ qty: ['qty must not be less than 1'] });
  });
});

describe('CourseCreateOrderDto', () => {
  it('accepts the course body {productId, qty, unitPrice}', async () => {
    expect(await errorsOf(CourseCreateOrderDto, COURSE_VALID)).toEqual({});
  });

  it('refuses a userId in the body: it comes from the path', async () => {
    expect(await errorsOf(CourseCreateOrderDto, VALID)).toEqual({ userId: ['property userId should not exist'] });
  });

  it('applies the same rules as CreateOrderDto', async () => {
    expect(await errorsOf(CourseCreateOrderDto, { ...COURSE_VALID, qty: 1.5, productId: '', unitPrice: 0 })).toEqual({
      productId: ['productId should not be empty'],
      qty: ['qty must be an integer number'],
      unitPrice: ['unitPrice must not be less than 1'],
    });
    expect(await errorsOf(CourseCreateOrderDto, { ...COURSE_VALID, qty: 3, unitPrice: 715_827_883 })).toEqual({
      unitPrice: [TOTAL_PRICE_TOO_LARGE_MESSAGE],
    });
  });
});
